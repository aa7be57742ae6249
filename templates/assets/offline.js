// obligo: the static copy's assessment. obligo's engine, compiled to
// WebAssembly (assets/engine.js, from tools/wasm/build.sh), is called with
// the form's fields, kept in the URL fragment so they never reach a host,
// and the browser's clock as now; it renders the same page the server
// would. Loaded by the static assess page only, after app.js.
// The one HTML this inserts is that page, rendered by obligo's own views,
// which escape every value as they do on the server.
"use strict";

(function () {
  function setUpOfflineAssess() {
    var status = document.getElementById("engine-status");
    if (!status || document.body.dataset.mode !== "static") return;
    var expected = status.dataset.digest;
    function say(message) {
      var now = document.getElementById("engine-status");
      if (now) { now.textContent = message; now.classList.add("problems"); now.setAttribute("role", "alert"); }
    }
    if (!window.OBLIGO_ENGINE || !window.WebAssembly) {
      say("The assessment engine did not load (it needs WebAssembly). Use obligo query or obligo serve instead.");
      return;
    }
    var packed = window.OBLIGO_ENGINE;
    var bytes = new Uint8Array(packed.length);
    for (var i = 0; i < packed.length; i++) bytes[i] = packed.charCodeAt(i);
    var encoder = new TextEncoder();
    var decoder = new TextDecoder();
    var exports = null;

    // Strings go in through buffers the engine allocates (and frees), and
    // come back as pointer << 32 | length, valid until the next call.
    function call(name, strings, extra) {
      var args = [];
      strings.forEach(function (text) {
        var data = encoder.encode(text);
        var ptr = exports.obligo_alloc(data.length);
        new Uint8Array(exports.memory.buffer, ptr, data.length).set(data);
        args.push(ptr, data.length);
      });
      if (extra !== undefined) args.push(extra);
      var result = exports[name].apply(null, args);
      var ptr = Number(result >> BigInt(32));
      var len = Number(result & BigInt(0xffffffff));
      return decoder.decode(new Uint8Array(exports.memory.buffer, ptr, len));
    }

    function fields() {
      var fragment = location.hash.replace(/^#/, "");
      return fragment === "download" ? "" : fragment;
    }

    function render() {
      var html;
      try {
        html = call("obligo_assess_page", [fields()], Date.now());
      } catch (error) {
        say("The assessment engine failed: " + error + ". Please report the incident's fields (without anything confidential).");
        return;
      }
      if (html.indexOf("error: ") === 0) { say(html.slice(7)); return; }
      var page = new DOMParser().parseFromString(html, "text/html");
      var fresh = page.getElementById("main");
      var main = document.getElementById("main");
      if (!fresh || !main) { say("The engine's answer could not be shown."); return; }
      main.replaceWith(document.adoptNode(fresh));
      document.title = page.title;
      if (window.obligoSetUpAssessForm) window.obligoSetUpAssessForm();
      window.scrollTo(0, 0);
      var heading = document.querySelector("#main h1, #main h2");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
      document.body.dataset.engine = "answered";
    }

    // The form's fields go into the fragment, never into a request.
    document.addEventListener("submit", function (e) {
      if (!e.target || e.target.id !== "assess-form" || !exports) return;
      e.preventDefault();
      var query = new URLSearchParams(new FormData(e.target)).toString();
      if (location.hash === "#" + query) render();
      else location.hash = query;
    });
    document.addEventListener("click", function (e) {
      var link = e.target.closest && e.target.closest("a[data-download]");
      if (!link || !exports) return;
      e.preventDefault();
      var text = call("obligo_download", [link.dataset.download, fields()], Date.now());
      if (text.indexOf("error: ") === 0) { say(text.slice(7)); return; }
      var types = { md: "text/markdown", json: "application/json", ics: "text/calendar" };
      var blob = new Blob([text], { type: (types[link.dataset.download] || "text/plain") + ";charset=utf-8" });
      var save = document.createElement("a");
      save.href = URL.createObjectURL(blob);
      save.download = link.getAttribute("download") || "obligations";
      document.body.appendChild(save);
      save.click();
      save.remove();
      setTimeout(function () { URL.revokeObjectURL(save.href); }, 1000);
    });
    window.addEventListener("hashchange", function () { if (exports) render(); });

    WebAssembly.instantiate(bytes, {}).then(function (made) {
      exports = made.instance.exports;
      var digest = call("obligo_digest", []);
      if (digest !== expected) {
        exports = null;
        say("This copy's assessment engine was built from other data (" + digest + ", pages " + expected + "): rebuild it with tools/wasm/build.sh and obligo build --engine.");
        return;
      }
      document.body.dataset.engine = "ready";
      // A permalink from the server (assess.html?…) works here too; it
      // moves into the fragment so it is not sent again.
      if (!location.hash && location.search.length > 1) {
        history.replaceState(null, "", location.pathname + "#" + location.search.slice(1));
      }
      if (fields()) render();
    }, function (error) {
      say("The assessment engine failed to start: " + error);
    });
  }

  document.addEventListener("DOMContentLoaded", setUpOfflineAssess);
})();
