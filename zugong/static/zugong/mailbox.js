// The public mailbox: filter the unit list as one types, redraw the captcha picture on click (same challenge).
document.querySelectorAll("[data-filter-select]").forEach((input) => {
  const select = document.getElementById(input.dataset.filterSelect);
  if (!select) return;
  input.addEventListener("input", () => {
    const q = input.value.trim();
    let first = null;
    for (const opt of select.options) {
      const hit = !q || opt.text.includes(q);
      opt.hidden = !hit;
      if (hit && !first) first = opt;
    }
    if (q && first && select.selectedOptions.length && select.selectedOptions[0].hidden) first.selected = true;
  });
});
document.querySelectorAll("img[data-captcha]").forEach((img) => {
  img.style.cursor = "pointer";
  img.addEventListener("click", () => {
    const base = img.src.split("?")[0];
    img.src = base + "?r=" + Date.now();
  });
});
