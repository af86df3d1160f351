/* The models' explorers in the book, with no kernel and no network (_ext/book_explorers.py adds it to the pages with one).
 *
 * Each explorer has one range input per parameter the book moves; every combination of their
 * values was drawn when the book was built (nhsreform/book_states.py). Moving an input shows
 * that combination's figure, with its alt text and description; a hidden status region then
 * tells a screen reader what changed and the new state. State n's files are <folder>/<n>.png and, for
 * two-panel figures, <n>-narrow.png (panels stacked, shown on a phone). Nothing is fetched
 * until an input moves, and nothing leaves the site: file:// works too.
 */
(function () {
  "use strict";
  const root = (document.documentElement.dataset.content_root || "");

  const phone = window.matchMedia("(max-width: 600px)");

  function enhance(box) {
    const dataNode = box.querySelector("script.nhs-book-states");
    if (!dataNode) return;
    const data = JSON.parse(dataNode.textContent);
    const inputs = Array.from(box.querySelectorAll(".nhs-book-controls input[type=range]"));
    const img = box.querySelector("figure img");
    const source = box.querySelector("figure picture source");
    const description = box.querySelector(".nhs-book-status");
    const live = box.querySelector(".nhs-book-live");
    const base = root + "_static/" + data.folder;
    const fetched = new Set();
    let timer = null;

    function index() {
      return inputs.reduce((n, input, k) => n * data.shown[k].length + Number(input.value), 0);
    }
    function url(n, narrow) {
      return base + n + (narrow ? "-narrow" : "") + ".png";
    }
    function preload(n) {  // the version this screen shows, in the browser's cache before it is needed
      const narrow = data.narrow && phone.matches;
      if (n < 0 || n >= data.alts.length || fetched.has(url(n, narrow))) return;
      fetched.add(url(n, narrow));
      new Image().src = url(n, narrow);
    }
    function show(moved) {
      inputs.forEach((input, k) => {
        const text = data.shown[k][Number(input.value)];
        input.setAttribute("aria-valuetext", text);
        const output = input.parentElement.querySelector("output");
        if (output) output.textContent = text;
      });
      const before = Number(box.dataset.state);
      const n = index();
      if (source) source.srcset = url(n, true) + " 1x";
      img.src = url(n, false);
      img.alt = data.alts[n];
      box.dataset.state = String(n);
      if (description) description.textContent = data.alts[n];
      // A screen reader hears the new state once the reader pauses (not on every step of a held
      // key), led by what changed; a move that changes nothing in the model says so.
      const k = inputs.indexOf(moved);
      const setting = data.labels[k] + ": " + data.shown[k][Number(moved.value)] + ". ";
      const message = data.alts[n] === data.alts[before]
        ? setting + "The figure does not change at these settings."
        : setting + data.alts[n];
      clearTimeout(timer);
      timer = setTimeout(() => { if (live) live.textContent = message; }, 600);
    }
    inputs.forEach((input) => {
      input.disabled = false;
      input.addEventListener("input", () => show(input));
      // The neighbouring states are fetched when the reader reaches for a control.
      const near = () => {
        const n = index();
        let stride = 1;
        for (let k = inputs.length - 1; k >= 0; k--) {
          if (inputs[k] === input) { preload(n + stride); preload(n - stride); }
          stride *= data.shown[k].length;
        }
      };
      input.addEventListener("focus", near);
      input.addEventListener("pointerenter", near);
      input.addEventListener("change", near);
    });
  }

  function start() {
    document.querySelectorAll(".nhs-book-explorer").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
