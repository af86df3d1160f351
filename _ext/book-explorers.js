/* The models' explorers in the book, with no kernel and no network (_ext/book_explorers.py adds it to the pages with one).
 *
 * Each explorer has one range input per parameter the book moves; every combination of their
 * values was drawn when the book was built (nhsreform/book_states.py). Moving an input shows
 * that combination's figure, with its alt text and description; the description is a status
 * region, so a screen reader reads the new state. State n's files are <folder>/<n>.png and, for
 * two-panel figures, <n>-narrow.png (panels stacked, shown on a phone). Nothing is fetched
 * until an input moves, and nothing leaves the site: file:// works too.
 */
(function () {
  "use strict";
  const root = (document.documentElement.dataset.content_root || "");

  function enhance(box) {
    const dataNode = box.querySelector("script.nhs-book-states");
    if (!dataNode) return;
    const data = JSON.parse(dataNode.textContent);
    const inputs = Array.from(box.querySelectorAll(".nhs-book-controls input[type=range]"));
    const img = box.querySelector("figure img");
    const source = box.querySelector("figure picture source");
    const status = box.querySelector(".nhs-book-status");
    const base = root + "_static/" + data.folder;
    const cache = new Map();

    function index() {
      return inputs.reduce((n, input, k) => n * data.shown[k].length + Number(input.value), 0);
    }
    function url(n, narrow) {
      return base + n + (narrow ? "-narrow" : "") + ".png";
    }
    function preload(n) {  // the image is in the browser's cache before it is shown
      if (n < 0 || n >= data.alts.length || cache.has(n)) return;
      const image = new Image();
      image.src = url(n, false);
      cache.set(n, image);
    }
    function show() {
      inputs.forEach((input, k) => {
        const text = data.shown[k][Number(input.value)];
        input.setAttribute("aria-valuetext", text);
        const output = input.parentElement.querySelector("output");
        if (output) output.textContent = text;
      });
      const n = index();
      if (source) source.srcset = url(n, true) + " 1x";
      img.src = url(n, false);
      img.alt = data.alts[n];
      box.dataset.state = String(n);
      if (status) status.textContent = data.alts[n];
    }
    inputs.forEach((input) => {
      input.disabled = false;
      input.addEventListener("input", show);
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
