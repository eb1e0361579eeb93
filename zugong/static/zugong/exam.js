/* The exam paper: autosave each change, count down the server's remaining time, hand in at zero.
   The server keeps the time and the answers; this only helps (the page works without it). */
(function () {
  "use strict";
  var form = document.getElementById("paper");
  if (!form) { return; }
  var saveUrl = form.dataset.saveUrl;
  var remaining = parseInt(form.dataset.remaining, 10) || 0;
  var total = parseInt(form.dataset.total, 10) || 0;
  var timer = form.querySelector("[data-timer]");
  var status = form.querySelector("[data-save-status]");
  var answeredEl = form.querySelector("[data-answered]");
  var submitting = false;
  var pending = null;
  var deadline = Date.now() + remaining * 1000;

  function show(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    timer.textContent = m + " 分 " + (s < 10 ? "0" : "") + s + " 秒";
    if (seconds <= 60) { timer.classList.add("text-danger"); }
  }

  function unanswered() {
    var n = 0;
    form.querySelectorAll(".zg-question").forEach(function (q) {
      var inputs = q.querySelectorAll("input");
      var done = false;
      inputs.forEach(function (i) { if ((i.type === "radio" || i.type === "checkbox") ? i.checked : i.value.trim() !== "") { done = true; } });
      if (!done) { n += 1; }
    });
    return n;
  }

  // One save in flight at a time: a later save sent while an earlier one is still being written could be
  // overtaken by it on the server and leave the older answers stored. Changes made meanwhile go in the next save.
  var inFlight = false;
  var again = false;

  function save() {
    pending = null;
    if (inFlight) { again = true; return; }
    inFlight = true;
    again = false;
    status.textContent = "正在保存…";
    fetch(saveUrl, { method: "POST", body: new FormData(form), credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.json().then(function (data) { return { ok: r.ok, data: data }; }); })
      .then(function (res) {
        if (again) { return; }
        if (res.ok) {
          status.textContent = "已自动保存 " + res.data.saved_at;
          answeredEl.textContent = res.data.answered;
          deadline = Date.now() + res.data.remaining * 1000;
        } else {
          status.textContent = res.data.message || "保存失败";
          status.classList.add("text-danger");
        }
      })
      .catch(function () { if (!again) { status.textContent = "网络中断，答案暂未保存，恢复后会再次保存"; } })
      .then(function () {
        inFlight = false;
        if (again && !submitting) { save(); }
      });
  }

  form.addEventListener("change", function () {
    answeredEl.textContent = total - unanswered();
    if (pending) { clearTimeout(pending); }
    pending = setTimeout(save, 400);
  });
  form.addEventListener("input", function (e) {
    if (e.target.type === "text" || e.target.tagName === "INPUT" && !e.target.type) {
      if (pending) { clearTimeout(pending); }
      pending = setTimeout(save, 1500);
    }
  });

  form.addEventListener("submit", function (e) {
    if (submitting) { return; }
    var left = unanswered();
    var msg = left ? "还有 " + left + " 题未作答。确定交卷？" : "确定交卷？交卷后不能再修改。";
    if (!window.confirm(msg)) { e.preventDefault(); return; }
    submitting = true;
  });

  function tick() {
    var seconds = Math.max(Math.round((deadline - Date.now()) / 1000), 0);
    show(seconds);
    if (seconds <= 0 && !submitting) {
      submitting = true;
      status.textContent = "时间到，正在交卷…";
      form.submit();
      return;
    }
    setTimeout(tick, 1000);
  }
  tick();
})();
