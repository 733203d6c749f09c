// Progressive enhancement only: a copy button beside each link field (the fields work without it).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        var label = button.textContent;
        button.textContent = document.documentElement.lang === "ja" ? "コピーしました" : "Copied";
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  });
});
