"""The phone page's stylesheet and its one small script, served from the package (no CDN).

The script only follows the facilitator (a new area, a reveal): voting is plain HTML forms and
works without it. It is a file of its own, so the CSP needs no inline script.
"""

from __future__ import annotations

# Dark text on white, 4.5:1 or better everywhere; targets at least 48 px tall and full width;
# a focus ring that shows on light and dark buttons alike.
STYLESHEET = """\
*, *::before, *::after { box-sizing: border-box; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  font-size: 1.125rem; line-height: 1.5; color: #111; background: #fff; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; }
p { margin: 0 0 1rem; }
.who { font-size: 1rem; color: #333; margin: 0; }
form { margin: 0; }
button, input { font: inherit; }
button.choice { display: block; width: 100%; min-height: 3rem; margin: 0 0 0.75rem;
  padding: 0.75rem 1rem; text-align: left; color: #111; background: #fff;
  border: 2px solid #1d3f73; border-radius: 0.5rem; cursor: pointer; touch-action: manipulation; }
button.choice .title { display: block; font-weight: 700; }
button.choice .descriptor { display: block; font-size: 1rem; color: #333; }
button.choice[aria-pressed="true"] { color: #fff; background: #1d3f73; }
button.choice[aria-pressed="true"] .descriptor { color: #fff; }
button.choice.abstain { border-style: dashed; }
button.choice .yours { display: inline-block; margin-top: 0.25rem; font-weight: 700; }
h1[tabindex="-1"]:focus { outline: none; }
button.primary { display: block; width: 100%; min-height: 3rem; margin: 0.5rem 0 1rem;
  padding: 0.75rem 1rem; color: #fff; background: #1d3f73; border: 2px solid #1d3f73;
  border-radius: 0.5rem; font-weight: 700; cursor: pointer; }
button:focus-visible, input:focus-visible, a:focus-visible {
  outline: 4px solid #111; outline-offset: 3px; box-shadow: 0 0 0 3px #fff; }
label { display: block; font-weight: 700; margin: 0 0 0.25rem; }
input[type="text"] { display: block; width: 100%; min-height: 3rem; padding: 0.5rem 0.75rem;
  border: 2px solid #555; border-radius: 0.5rem; color: #111; background: #fff; }
.notice, .problem { padding: 0.75rem 1rem; margin: 0 0 1rem; border-left: 6px solid #1d3f73;
  background: #eef3fa; }
.problem { border-left-color: #a4161a; background: #fdecec; }
.taken { display: block; min-height: 3rem; margin: 0 0 0.75rem; padding: 0.75rem 1rem;
  color: #333; border: 2px solid #767676; border-radius: 0.5rem; }
.mine { font-weight: 700; }
.chosen { margin: 0 0 0.75rem; }
[hidden] { display: none !important; }
"""

# Follows the facilitator: on each "room" event with a new version, fetch this page again. The
# same view with the same content (someone else joined) only takes the new version; the same view
# with new content (the list of names) is swapped in where the reader is; a new view (an area, a
# round, the reveal) is swapped in and focus moves to its heading so a screen reader hears it.
FOLLOW_SCRIPT = """\
(function () {
  "use strict";
  var main = document.getElementById("main");
  if (!main || !window.EventSource || !window.fetch || !window.DOMParser) { return; }
  var source = new EventSource("/events");
  source.addEventListener("room", function (event) {
    if (event.data === main.getAttribute("data-version")) { return; }
    var here = location.pathname + location.search;
    fetch(here, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var next = new DOMParser().parseFromString(html, "text/html").getElementById("main");
        if (!next) { return; }
        var moved = next.getAttribute("data-view") !== main.getAttribute("data-view");
        if (!moved && next.innerHTML === main.innerHTML) {
          main.setAttribute("data-version", next.getAttribute("data-version"));
          return;
        }
        main.replaceWith(next);
        main = next;
        var heading = main.querySelector("h1");
        if (moved && heading) { heading.focus(); }  /* tabindex="-1" in the page */
      })
      .catch(function () { /* the next event tries again */ });
  });
})();
"""
