/* Loaded between require.js and the widget manager (embed-amd.js), both served by the book.
   1. Make every widget module resolve to this folder, so that the icon fonts they load (webpack
      derives its asset path from each module's URL) come from this site, whatever the page's
      depth: without this, a page in chapters/ asks for chapters/@jupyter-widgets/<font>.
   2. ipywidgets calls the MathJax 2 API (MathJax.Hub.Queue); the book ships MathJax 3. */
(function () {
  var here = document.currentScript.src.replace(/\/[^\/]*$/, "");
  var modules = ["base", "base7", "controls", "controls7", "output", "html-manager"];
  var paths = { "@jupyter-widgets/html-manager/dist": here };
  modules.forEach(function (name) { paths["@jupyter-widgets/" + name] = here + "/" + name; });
  require.config({ paths: paths });
  window.__jupyter_widgets_assets_path__ = here + "/";
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
