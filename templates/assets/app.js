// obligo: small progressive enhancements. Every page works without this
// script on the live server; the static copy needs it for search (and
// offline.js for its assessment).
// No inline script anywhere (the Content-Security-Policy forbids it), and no
// untrusted text is ever inserted as HTML.
"use strict";

(function () {
  // ---- The incident form: the responder's zone, adding and removing parties.
  function setUpAssessForm() {
    var form = document.getElementById("assess-form");
    if (!form) return;
    var tz = document.getElementById("tz");
    if (tz && !tz.value && window.Intl && Intl.DateTimeFormat) {
      tz.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    }
    var parties = document.getElementById("parties");
    var template = document.getElementById("party-template");
    var add = document.getElementById("add-party");
    function renumber() {
      var sets = parties.querySelectorAll("fieldset.party");
      sets.forEach(function (set, i) {
        set.dataset.index = String(i);
        var legend = set.querySelector("legend");
        if (legend) legend.textContent = "Party " + (i + 1);
        set.querySelectorAll("[name]").forEach(function (el) {
          el.name = el.name.replace(/^p\d+\./, "p" + i + ".");
        });
      });
    }
    function wireRemove(set) {
      var button = set.querySelector(".remove-party");
      if (button) {
        button.addEventListener("click", function () {
          set.remove();
          renumber();
        });
      }
    }
    parties.querySelectorAll("fieldset.party").forEach(wireRemove);
    // A group of affected people has one row per place: add and remove rows
    // (the last row is emptied, not removed, so the group keeps its inputs).
    parties.addEventListener("click", function (e) {
      var button = e.target.closest("button");
      if (!button) return;
      var set = button.closest("fieldset.party");
      var body = set && set.querySelector("table.places tbody");
      if (!body) return;
      if (button.classList.contains("add-place")) {
        var row = body.lastElementChild.cloneNode(true);
        row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
        body.appendChild(row);
        row.querySelector("input").focus();
      } else if (button.classList.contains("remove-place")) {
        var tr = button.closest("tr");
        if (body.children.length > 1) tr.remove();
        else tr.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      }
    });
    if (add && template) {
      add.addEventListener("click", function () {
        var set = template.content.firstElementChild.cloneNode(true);
        parties.appendChild(set);
        wireRemove(set);
        renumber();
        var first = set.querySelector("select");
        if (first) first.focus();
      });
    }
  }

  // ---- The compare page: filter rows in the browser (works in the static copy).
  // ---- Compare: the same filters as the server, on the full table of the
  // static copy (a place shows the laws of every jurisdiction it lies in).
  function setUpCompare() {
    var table = document.getElementById("compare-table");
    if (!table) return;
    var form = document.querySelector(".compare-form");
    var boxes = form.querySelectorAll('input[name="j"]');
    var recipient = form.querySelector('select[name="recipient"]');
    var within = form.querySelector('select[name="within"]');
    var params = new URLSearchParams(location.search);
    var wanted = params.getAll("j").map(function (s) { return s.toUpperCase(); });
    boxes.forEach(function (box) {
      if (wanted.indexOf(box.value.toUpperCase()) >= 0) box.checked = true;
    });
    if (params.get("recipient")) recipient.value = params.get("recipient");
    if (params.get("within")) within.value = params.get("within");
    function apply() {
      var reach = {};
      var any = false;
      boxes.forEach(function (box) {
        if (!box.checked) return;
        any = true;
        reach[box.value] = true;
        (box.dataset.within || "").split(" ").forEach(function (c) { if (c) reach[c] = true; });
        box.closest("details").open = true;
      });
      var max = within.value ? parseInt(within.value, 10) : null;
      var shown = 0;
      table.querySelectorAll("tbody tr").forEach(function (row) {
        var hours = row.dataset.hours ? parseInt(row.dataset.hours, 10) : null;
        var show = (!any || reach[row.dataset.j]) &&
          (!recipient.value || row.dataset.recipient === recipient.value) &&
          (max === null || (hours !== null && hours <= max));
        row.classList.toggle("hidden", !show);
        if (show) shown += 1;
      });
      var count = document.getElementById("compare-count");
      if (count) count.textContent = shown + " notice(s) shown. ";
    }
    boxes.forEach(function (box) { box.addEventListener("change", apply); });
    recipient.addEventListener("change", apply);
    within.addEventListener("change", apply);
    form.querySelectorAll(".select-within").forEach(function (button) {
      button.addEventListener("click", function () {
        var area = button.dataset.within;
        boxes.forEach(function (box) {
          if ((" " + (box.dataset.in || "") + " ").indexOf(" " + area + " ") >= 0) box.checked = true;
        });
        apply();
      });
    });
    form.querySelector(".select-none").addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      apply();
    });
    document.getElementById("compare-csv").addEventListener("click", function () {
      var lines = [];
      var cell = function (text) {
        var t = text.replace(/\s+/g, " ").trim();
        // A cell a spreadsheet would run as a formula is quoted as text.
        if (/^[=+\-@\t\r]/.test(t)) t = "'" + t;
        return '"' + t.replace(/"/g, '""') + '"';
      };
      var head = [];
      table.querySelectorAll("thead th").forEach(function (th) { head.push(cell(th.innerText)); });
      lines.push(head.join(","));
      table.querySelectorAll("tbody tr:not(.hidden)").forEach(function (row) {
        var cells = [];
        row.querySelectorAll("td").forEach(function (td) { cells.push(cell(td.innerText)); });
        lines.push(cells.join(","));
      });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([lines.join("\r\n") + "\r\n"], { type: "text/csv" }));
      link.download = "obligo-compare.csv";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
    apply();
  }

  // ---- Search in the static copy, with the same rules as the server:
  // exact words, prefixes ("calif"), one or two typos ("Germny"), synonyms.
  function fold(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function words(s) {
    return fold(s).split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 0 && w.length <= 40; });
  }
  function typos(w) {
    var n = Array.from(w).length;
    return n <= 3 ? 0 : n <= 6 ? 1 : 2;
  }
  // Optimal string alignment distance, stopping early past `max`.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev[j] = j;
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (var k = 1; k <= b.length; k++) {
        var cost = a[i - 1] === b[k - 1] ? 0 : 1;
        var v = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + cost);
        if (prev2 && i > 1 && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) v = Math.min(v, prev2[k - 2] + 1);
        cur[k] = v;
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }
  function matchScore(q, w) {
    if (w === q) return 1;
    if (q.length >= 2 && w.indexOf(q) === 0) return 0.5;
    var t = typos(q);
    if (t > 0 && distance(q, w, t) <= t) return 0.3;
    return 0;
  }
  // Ranking is MiniSearch's (vendored in assets/vendor, MIT licence), given
  // the server's fields, boosts, synonyms and document weights by the export
  // (src/search.rs), so both sites rank alike.
  var engine = null;
  function index() {
    return window.OBLIGO_INDEX || { docs: [], boosts: {}, synonyms: [] };
  }
  function searchEngine() {
    if (engine) return engine;
    engine = new window.MiniSearch({
      idField: "i",
      fields: ["title", "names", "deadline", "body"],
      storeFields: ["weight"],
      tokenize: function (text) { return words(text); },
      processTerm: function (term) { return term; },
    });
    engine.addAll(index().docs.map(function (d, i) {
      return { i: i, title: d.title, names: d.names, deadline: d.deadline || "", body: d.body, weight: d.weight };
    }));
    return engine;
  }
  // The page of a document (the export leaves it out where it follows from the kind).
  function docPath(d) {
    if (d.path) return d.path;
    if (d.kind === "jurisdiction") return "jurisdiction/" + d.id.toLowerCase() + ".html";
    return d.kind + "/" + d.id + ".html";
  }
  function expand(word) {
    var out = [word];
    index().synonyms.forEach(function (group) {
      if (group.indexOf(word) >= 0) group.forEach(function (w) { if (w !== word) out.push(w); });
    });
    return out;
  }
  function search(query) {
    var qs = [];
    words(query).forEach(function (w) { if (qs.indexOf(w) < 0) qs.push(w); });
    qs = qs.slice(0, 8);
    if (qs.length === 0) return { words: [], all: true, hits: [] };
    var docs = index().docs;
    function run(all) {
      var tree = {
        combineWith: all ? "AND" : "OR",
        queries: qs.map(function (q) { return { combineWith: "OR", queries: expand(q) }; }),
      };
      return searchEngine().search(tree, {
        boost: index().boosts,
        prefix: function (term) { return term.length >= 2; },
        fuzzy: function (term) { return typos(term); },
        weights: { prefix: 0.5, fuzzy: 0.3 },
        boostTerm: function (term) { return qs.indexOf(term) >= 0 ? 1 : 0.5; },
        boostDocument: function (id, term, stored) { return stored.weight || 1; },
        // Plain BM25 with tantivy's parameters (MiniSearch defaults to BM25+).
        bm25: { k: 1.2, b: 0.75, d: 0 },
      }).slice(0, 100).map(function (r) { return { doc: docs[r.id], score: r.score }; });
    }
    var hits = run(true), all = true;
    if (hits.length === 0 && qs.length > 1) { hits = run(false); all = false; }
    return { words: qs, all: all, hits: hits };
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function snippet(doc, qs) {
    var text = doc.body || doc.names;
    var p = el("p", { class: "snippet" });
    var parts = text.split(/([^\p{L}\p{N}]+)/u);
    var shown = 0, started = false;
    var firstMatch = parts.findIndex(function (part) { return qs.some(function (q) { return expand(q).some(function (a) { return matchScore(a, fold(part)) > 0; }); }); });
    var start = Math.max(0, (firstMatch < 0 ? 0 : firstMatch) - 16);
    if (start > 0) p.appendChild(document.createTextNode("… "));
    for (var i = start; i < parts.length && shown < 60; i++, shown++) {
      var part = parts[i];
      var hit = part && /[\p{L}\p{N}]/u.test(part) && qs.some(function (q) { return expand(q).some(function (a) { return matchScore(a, fold(part)) > 0; }); });
      if (hit) p.appendChild(el("mark", {}, part));
      else p.appendChild(document.createTextNode(part));
      started = true;
    }
    if (started && shown >= 60) p.appendChild(document.createTextNode(" …"));
    return p;
  }
  function setUpStaticSearch() {
    if (!window.OBLIGO_INDEX) return;
    var out = document.getElementById("search-results");
    var input = document.getElementById("q");
    if (!out || !input) return;
    var params = new URLSearchParams(location.search);
    var query = params.get("q") || "";
    input.value = query;
    function render(q) {
      out.textContent = "";
      if (!q.trim()) return;
      var r = search(q);
      if (r.hits.length === 0) {
        out.appendChild(el("p", { class: "gap" }, "Nothing matches “" + q + "”. Try fewer words, or another spelling."));
        return;
      }
      if (!r.all) out.appendChild(el("p", { class: "small" }, "No result has every word; showing results with any of them."));
      ["jurisdiction", "authority", "regime", "rule"].forEach(function (kind) {
        var hits = r.hits.filter(function (h) { return h.doc.kind === kind; });
        if (hits.length === 0) return;
        var section = el("section", { class: "result-group" });
        var plural = { jurisdiction: "jurisdictions", authority: "authorities", regime: "regimes", rule: "rules" };
        section.appendChild(el("h2", {}, plural[kind]));
        var list = el("ol", { class: "results" });
        hits.forEach(function (h) {
          var li = el("li");
          li.appendChild(el("a", { href: docPath(h.doc) }, h.doc.title));
          li.appendChild(document.createTextNode(" "));
          li.appendChild(el("span", { class: "code" }, h.doc.jurisdiction || h.doc.id));
          li.appendChild(snippet(h.doc, r.words));
          list.appendChild(li);
        });
        section.appendChild(list);
        out.appendChild(section);
      });
    }
    render(query);
    input.addEventListener("input", function () { render(input.value); });
  }

  // On paper every card of the main timeline shows why it applies and its
  // source (the duties for some kinds of organisation stay one line); the
  // folds are restored after printing.
  function setUpPrint() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      document.querySelectorAll("ol.timeline details:not([open])").forEach(function (d) {
        d.open = true;
        opened.push(d);
      });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
    });
  }

  // offline.js wires the form again after it renders an answer.
  window.obligoSetUpAssessForm = setUpAssessForm;

  document.addEventListener("DOMContentLoaded", function () {
    setUpAssessForm();
    setUpCompare();
    setUpStaticSearch();
    setUpPrint();
  });
})();
