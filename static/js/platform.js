// The platform's page behaviour, in a file rather than inline: the Content Security Policy allows only
// scripts from the platform's own origin (no 'unsafe-inline'). Loaded once, on every page (base.html);
// each handler acts only on the elements it is for, so htmx swaps need no re-run.
(function () {
  "use strict";

  // Delivery upload (deliveries/partials/upload_form.html): htmx reports upload progress; the number is
  // written as text too (not only the bar).
  document.addEventListener("htmx:xhr:progress", function (evt) {
    if (!evt.detail.lengthComputable) return;
    var form = document.getElementById("upload-form");
    if (!form) return;
    var percent = Math.floor((evt.detail.loaded / evt.detail.total) * 100);
    var bar = document.getElementById("upload-progress");
    if (bar) {
      bar.value = percent;
      bar.textContent = percent + " %";
    }
    var text = document.getElementById("upload-percent");
    if (text) text.textContent = percent + " % " + (form.dataset.uploadedText || "");
  });

  // A file over the limit is refused here, before a byte is sent (the server refuses it too): the message
  // goes next to the field, as the server's would, and the field gets the focus.
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var form = evt.detail.elt;
    if (!form || form.id !== "upload-form") return;
    var input = form.querySelector("input[type=file][data-max-bytes]");
    var file = input && input.files && input.files[0];
    if (!file || file.size <= Number(input.dataset.maxBytes)) return;
    evt.preventDefault();
    var id = input.id + "_error";
    var box = document.getElementById(id);
    if (!box) {
      box = document.createElement("div");
      box.id = id;
      input.parentNode.insertBefore(box, input);
    }
    var list = document.createElement("ul");
    list.className = "errorlist";
    list.setAttribute("role", "alert");
    var item = document.createElement("li");
    item.textContent = input.dataset.tooBig;
    list.appendChild(item);
    box.replaceChildren(list);
    input.parentNode.classList.add("field--error");
    input.setAttribute("aria-invalid", "true");
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (described.indexOf(id) < 0) input.setAttribute("aria-describedby", [id].concat(described).join(" "));
    input.focus();
  });

  // An error summary's link (onboarding/_error_summary.html) takes the focus to its field, not only the view:
  // a fragment link alone moves only the reading position.
  document.addEventListener("click", function (evt) {
    var link = evt.target.closest && evt.target.closest(".error-summary a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    evt.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  });

  // The scoring model's weights (planning/home.html): the running total and each criterion's most points
  // (100 x weight / total, as onboarding/planning/scoring.py counts) follow what is typed.
  document.addEventListener("input", function (evt) {
    var form = evt.target.closest && evt.target.closest("form[data-weights]");
    if (!form) return;
    var shares = form.querySelectorAll("[data-weights-share]");
    var weights = {};
    var total = 0;
    shares.forEach(function (share) {
      var input = form.elements[share.dataset.weightsShare];
      var value = Math.max(parseInt(input && input.value, 10) || 0, 0);
      weights[share.dataset.weightsShare] = value;
      total += value;
    });
    var format = function (value) {
      return value.toLocaleString(document.documentElement.lang || "sv", { maximumFractionDigits: 1 });
    };
    form.querySelector("[data-weights-sum]").textContent = format(total);
    shares.forEach(function (share) {
      var points = total ? Math.round((1000 * weights[share.dataset.weightsShare]) / total) / 10 : 0;
      share.textContent = format(points);
    });
  });
})();
