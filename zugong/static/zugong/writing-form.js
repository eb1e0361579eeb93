/* The writing form: the period list shows the periods of the chosen kind (months for 读书笔记 and 心得体会,
   half-years for 党性分析材料) and the book title only for 读书笔记. The server checks both anyway; without
   JS every period is listed. No inline script (CSP). */
(function () {
  "use strict";

  function sync(form) {
    var kind = form.querySelector("select[name=kind]");
    if (!kind) { return; }
    var half = kind.value === "party_spirit";
    var period = form.querySelector("select[name=period]");
    if (period) {
      var keep = null;
      period.querySelectorAll("optgroup").forEach(function (group) {
        var fits = true;
        group.querySelectorAll("option").forEach(function (o) {
          fits = /-H[12]$/.test(o.value) === half;
          o.hidden = !fits;
          o.disabled = !fits;
          if (fits && keep === null) { keep = o; }
        });
        group.hidden = !fits;
      });
      var chosen = period.options[period.selectedIndex];
      if ((!chosen || chosen.disabled) && keep) { keep.selected = true; }
    }
    var book = form.querySelector("[name=book]");
    var row = book && book.closest(".mb-3");
    if (row) { row.hidden = kind.value !== "reading"; }
  }

  document.querySelectorAll("form[data-writing-form]").forEach(sync);
  document.addEventListener("change", function (event) {
    var t = event.target;
    if (t && t.matches && t.matches("form[data-writing-form] select[name=kind]")) { sync(t.form); }
  });
})();
