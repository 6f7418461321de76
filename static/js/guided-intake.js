/* Guided intake: small enhancements; every step works without this file. */
(function () {
  "use strict";
  // When htmx has filled the village list, it has been offered: "Next" may move on
  // without a village (the server otherwise shows the list once before moving on).
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.target;
    if (!target || target.name !== "village" || target.options.length < 2) { return; }
    var offered = target.form && target.form.querySelector("input[name=offered]");
    if (offered) { offered.value = "4"; }
  });
}());
