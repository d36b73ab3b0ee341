/* Behaviour the templates ask for with data- attributes: no inline script, so the
   Content-Security-Policy can forbid it (issue 14).
     <select data-autosubmit>            submits its form when the choice changes;
     <form data-confirm="Question?">     asks before submitting. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) {
      el.form.submit();
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
