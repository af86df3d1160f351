/* Quiz engine for the static book: no kernel, no network. Reads each quiz's JSON data and
   gives the same feedback as the live widget. Safe to include more than once on a page. */
(function () {
  "use strict";
  // The same rule as nhsreform/quiz_numbers.py (tests check both against one table of inputs):
  // returns [number, null] or [null, message].
  function parseNumber(raw, text) {
    var m = /^[ \t\u00a0\u202f]*([\s\S]*?)[ \t\u00a0\u202f]*(?:%[ \t\u00a0\u202f]*)?$/.exec(String(raw));
    var s = m[1].replace(/\u2212/g, "-");
    if (/^[+-]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, "");
    else if (/^[+-]?\d*,\d+$/.test(s)) {
      return [null, text.comma_decimal.replace("{suggestion}", s.replace(",", ".")).replace("{typed}", s)];
    }
    if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return [null, text.not_a_number];
    return [parseFloat(s), null];
  }
  window.nhsqParseNumber = parseNumber;
  // Returns [right, feedback lines, unanswered]; an unanswered question gets no verdict.
  // The same order as numeric_feedback in nhsreform/quiz_bank.py: correct, then the first
  // matching slip, then the neutral too_low / too_high.
  function grade(q, form, text) {
    if (q.type === "numeric") {
      var raw = form.querySelector("input[type=text]").value;
      if (/^[ \t\u00a0\u202f]*$/.test(raw)) return [false, [text.type_first], true];
      var parsed = parseNumber(raw, text);
      if (parsed[1] !== null) return [false, [parsed[1]]];
      var v = parsed[0];
      if (Math.abs(v - q.answer) <= q.tolerance + 1e-12) return [true, [q.feedback.correct]];
      for (var k = 0; k < (q.slips || []).length; k++) {
        if (Math.abs(v - q.slips[k].answer) <= q.slips[k].tolerance + 1e-12) return [false, [q.slips[k].feedback]];
      }
      return [false, [v < q.answer ? q.feedback.too_low : q.feedback.too_high]];
    }
    // Inputs are in display order; each one's value is the option's index in the bank.
    var chosen = [];
    form.querySelectorAll("input").forEach(function (inp) { if (inp.checked) chosen.push(Number(inp.value)); });
    if (chosen.length === 0) return [false, [text.choose_first], true];
    var ok = chosen.length === q.correct.length && chosen.every(function (i) { return q.correct.indexOf(i) >= 0; });
    var lines = chosen.map(function (i) { return q.feedback[i]; });
    var subset = chosen.every(function (i) { return q.correct.indexOf(i) >= 0; });
    var allRight = q.correct.every(function (i) { return chosen.indexOf(i) >= 0; });
    if (q.type === "multiple" && !ok && !allRight) lines.push(subset ? text.missing : text.also_missed);
    return [ok, lines];
  }
  function setup(root) {
    root.setAttribute("data-nhsq-ready", "");
    var data = JSON.parse(root.querySelector("script.nhsq-data").textContent);
    var forms = root.querySelectorAll("form.nhsq-q");
    var right = new Array(forms.length).fill(false);
    var score = root.querySelector(".nhsq-score");
    function showScore() {
      var n = right.filter(Boolean).length;
      score.textContent = "Score: " + n + " of " + forms.length + " correct";
    }
    forms.forEach(function (form, k) {
      var q = data.questions[k];
      var out = form.querySelector(".nhsq-feedback");
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var r = grade(q, form, data.text);
        right[k] = r[0];
        if (r[2]) {  // nothing chosen or typed: ask for an answer, with no verdict
          out.className = "nhsq-feedback";
          out.innerHTML = "<p>" + r[1][0] + "</p>";
        } else {
          out.className = "nhsq-feedback " + (r[0] ? "nhsq-right" : "nhsq-wrong");
          out.innerHTML = "<strong>" + (r[0] ? data.text.correct : data.text.wrong) + "</strong><ul>" +
            r[1].map(function (l) { return "<li>" + l + "</li>"; }).join("") + "</ul>";
        }
        showScore();
      });
    });
    root.querySelector("button.nhsq-retry").addEventListener("click", function () {
      forms.forEach(function (form, k) {
        form.reset();
        var out = form.querySelector(".nhsq-feedback");
        out.className = "nhsq-feedback"; out.innerHTML = ""; right[k] = false;
      });
      showScore();
      forms[0].querySelector("input").focus();
    });
    showScore();
  }
  function init() {
    document.querySelectorAll("[data-nhsq]:not([data-nhsq-ready])").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
