// The dossier log upload with a progress bar: sends the form's file with XMLHttpRequest,
// shows the bytes sent, then opens the page the server names. Without this script (or
// without XMLHttpRequest and FormData) the plain form posts as before. Loaded from this
// server only (script-src 'self'); no inline code.
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) {
    return;
  }
  var box = document.getElementById("upload-progress");
  var bar = box.querySelector("progress");
  var percent = document.getElementById("upload-percent");
  var bytes = document.getElementById("upload-bytes");
  var error = document.getElementById("upload-error");
  var button = form.querySelector("button[type=submit]");
  var number = new Intl.NumberFormat(document.documentElement.lang || "vi", {
    maximumFractionDigits: 1,
  });

  function megabytes(n) {
    return number.format(n / (1024 * 1024)) + " MB";
  }

  function show(sent, total) {
    var share = total ? Math.floor((100 * sent) / total) : 0;
    bar.value = share;
    percent.textContent = share + "%";
    bytes.textContent = "(" + megabytes(sent) + " / " + megabytes(total) + ")";
  }

  function fail(text) {
    error.textContent = text;
    error.hidden = false;
    button.disabled = false;
  }

  form.addEventListener("submit", function (event) {
    var input = form.querySelector("input[type=file]");
    var file = input && input.files && input.files[0];
    if (!file) {
      return; // the plain post: the server says the file is missing
    }
    event.preventDefault();
    error.hidden = true;
    if (file.size > Number(form.dataset.maxBytes)) {
      fail(form.dataset.tooLarge);
      return;
    }
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Accept", "application/json");
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) {
        show(e.loaded, e.total);
      }
    });
    request.upload.addEventListener("load", function () {
      show(1, 1);
      bytes.textContent = "(" + megabytes(file.size) + ")";
    });
    request.addEventListener("load", function () {
      var answer = null;
      try {
        answer = JSON.parse(request.responseText);
      } catch (ignored) {
        answer = null;
      }
      if (answer && answer.location) {
        window.location.assign(answer.location);
      } else if (answer && answer.errors && answer.errors.length) {
        box.hidden = true;
        fail(answer.errors.join(" "));
      } else {
        fail(form.dataset.failed);
      }
    });
    request.addEventListener("error", function () {
      fail(form.dataset.failed);
    });
    button.disabled = true;
    box.hidden = false;
    show(0, file.size);
    request.send(new FormData(form));
  });
})();
