/* Selaras: small progressive enhancements. Everything works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Region picker: htmx loads the next level's options; clear the levels below it.
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("select[data-region-level]")) { return; }
    var level = Number(select.getAttribute("data-region-level"));
    document.querySelectorAll("select[data-region-level]").forEach(function (other) {
      if (Number(other.getAttribute("data-region-level")) > level) {
        other.length = 1;
        other.value = "";
      }
    });
  });

  // Move focus to the error summary so screen readers announce it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
}());
