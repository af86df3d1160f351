/* Loaded between require.js and the widget manager (embed-amd.js), both served by the book.
   1. Tell require.js where the widget manager lives, so its icon fonts load from this site.
   2. ipywidgets calls the MathJax 2 API (MathJax.Hub.Queue); the book ships MathJax 3. */
(function () {
  var here = document.currentScript.src.replace(/\/[^\/]*$/, "");
  require.config({ paths: { "@jupyter-widgets/html-manager/dist": here } });
  function shim() {
    if (window.MathJax && !window.MathJax.Hub) {
      window.MathJax.Hub = { Queue: function () {
        if (window.MathJax.typesetPromise) { window.MathJax.typesetPromise(); }
      } };
    }
  }
  shim();
  document.addEventListener("DOMContentLoaded", shim);
})();
