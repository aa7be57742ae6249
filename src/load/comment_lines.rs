//! A data file's lines with its comment lines blanked. The WebAssembly
//! engine embeds data files in this form (build.rs): the comments are
//! research notes, hundreds of kilobytes a browser would download for
//! nothing. Blank lines keep every line number, so the origins answers cite
//! stay the same, and the dataset digest is taken over this form, so the
//! binary and the engine agree on it. Shared with build.rs (`#[path]`).

/// Each line of `text` (without its line ending), or `""` for a line that is
/// only a comment. Lines inside a multi-line string are kept as they are.
pub fn without_comment_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut in_multiline_string = false;
    text.lines().map(move |line| {
        let toggles = line.matches("\"\"\"").count() + line.matches("'''").count();
        let is_comment = !in_multiline_string && line.trim_start().starts_with('#');
        if toggles % 2 == 1 {
            in_multiline_string = !in_multiline_string;
        }
        if is_comment { "" } else { line }
    })
}
