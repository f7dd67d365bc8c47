// Times the server wrote in UTC (<time data-local>), shown in the reader's
// own time zone and in the page's language. Progressive enhancement: without
// JavaScript the UTC text stays, and says it is UTC. Served from /static/ so
// the Content-Security-Policy needs no inline script.
(function () {
  "use strict";
  var format;
  try {
    format = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
      year: "numeric", month: "long", day: "numeric",
      hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
  } catch (e) {
    return;
  }
  var times = document.querySelectorAll("time[data-local]");
  for (var i = 0; i < times.length; i++) {
    var el = times[i];
    var at = new Date(el.getAttribute("datetime"));
    if (isNaN(at.getTime())) continue;
    el.title = el.textContent;
    el.textContent = format.format(at);
    el.setAttribute("data-localised", "");
  }
})();
