/* Roster pickers (study attendees, class enrolment): an office box ticks or clears that office's cadres;
   clearing one cadre clears its office box (which the server would otherwise expand to the whole office).
   "全选 / 全不选" act on every box of the picker. No inline script (CSP). */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box || !box.matches) { return; }
    var picker = box.closest("[data-roster]");
    if (!picker) { return; }
    if (box.matches("input[data-office-toggle]")) {
      picker.querySelectorAll('input[data-office="' + box.value + '"]').forEach(function (c) {
        if (!c.disabled) { c.checked = box.checked; }
      });
    } else if (box.matches("input[data-office]") && !box.checked) {
      var toggle = picker.querySelector('input[data-office-toggle][value="' + box.getAttribute("data-office") + '"]');
      if (toggle) { toggle.checked = false; }
    }
    var count = picker.querySelector("[data-roster-count]");
    if (count) { count.textContent = picker.querySelectorAll("input[data-cadre]:checked").length; }
  });

  document.addEventListener("click", function (event) {
    var btn = event.target.closest && event.target.closest("[data-roster-all]");
    if (!btn) { return; }
    event.preventDefault();
    var picker = btn.closest("[data-roster]");
    var on = btn.getAttribute("data-roster-all") === "1";
    picker.querySelectorAll("input[data-cadre]").forEach(function (c) { if (!c.disabled) { c.checked = on; } });
    if (!on) { picker.querySelectorAll("input[data-office-toggle]").forEach(function (c) { c.checked = false; }); }
    var count = picker.querySelector("[data-roster-count]");
    if (count) { count.textContent = picker.querySelectorAll("input[data-cadre]:checked").length; }
  });
})();
