// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  // Move keyboard and screen-reader focus to the error summary after a failed submit.
  var summary = document.getElementById("form-errors");
  if (summary) { summary.focus(); }
});
