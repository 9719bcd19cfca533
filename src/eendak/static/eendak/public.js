// The public pages' quick exit ("Snel weg"). Without JavaScript it is a plain link to a neutral
// site; with it, the page is *replaced* by that site, so the browser's Back button does not bring
// anyone back here.
document.addEventListener("DOMContentLoaded", function () {
  var links = document.querySelectorAll("[data-quick-exit]");
  for (var i = 0; i < links.length; i++) {
    links[i].addEventListener("click", function (event) {
      event.preventDefault();
      window.location.replace(event.currentTarget.href);
    });
  }
});
