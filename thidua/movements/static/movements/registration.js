/* The registration form: <select data-set-all=".person-title"> sets every person's select
   to its choice ("none" = not registered), so a unit of 60 people changes in one step. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    var selector = el.getAttribute && el.getAttribute("data-set-all");
    if (!selector || !el.value) return;
    var value = el.value === "none" ? "" : el.value;
    document.querySelectorAll(selector).forEach(function (select) {
      select.value = value;
    });
  });
})();
