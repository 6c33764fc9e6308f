// ScratchNet stepper: shows one step of a lesson at a time. Without this script every step is
// visible in order; with it, Previous/Next buttons, the arrow keys, the list of steps and the URL
// fragment (#step-id) move through them, one browser history entry per step. No libraries, no
// network.
(function () {
  "use strict";

  function start() {
    var container = document.querySelector("[data-steps]");
    var nav = document.querySelector(".stepper");
    if (!container || !nav) return;
    var steps = Array.prototype.slice.call(container.querySelectorAll("section.step"));
    if (steps.length === 0) return;
    var prev = nav.querySelector("[data-prev]");
    var next = nav.querySelector("[data-next]");
    var status = nav.querySelector(".stepper-status");
    var tocLinks = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
    var nextLesson = nextLessonLink();
    var current = -1;

    document.documentElement.classList.add("stepper-on");
    nav.hidden = false;
    // Each step is its own history entry and this script scrolls to the step it shows; the
    // browser restoring an old scroll position on top of that would land mid-step.
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";

    // On the last step Next becomes a link to the next lesson (a real link: it can be opened in
    // a new tab, and it works like any other). The page names that lesson in data attributes.
    function nextLessonLink() {
      var href = nav.getAttribute("data-next-lesson");
      if (!href) return null;
      var link = document.createElement("a");
      link.className = "stepper-next stepper-next-lesson";
      link.href = href;
      link.rel = "next";
      link.hidden = true;
      // Three pieces, so that a long title shortens (or, on a phone, hides) and the rest stays.
      [["stepper-next-label", "Next lesson"], ["stepper-next-title", ": " + (nav.getAttribute("data-next-title") || "")],
       ["stepper-next-arrow", " →"]].forEach(function (piece) {
        var span = document.createElement("span");
        span.className = piece[0];
        span.textContent = piece[1];
        link.appendChild(span);
      });
      next.parentNode.insertBefore(link, next.nextSibling);
      return link;
    }

    // The step a fragment names: the step itself or the step holding the element; -1 if none.
    function indexForHash(hash) {
      if (!hash || hash.length < 2) return -1;
      var id;
      try { id = decodeURIComponent(hash.slice(1)); } catch (e) { id = hash.slice(1); }
      for (var i = 0; i < steps.length; i++) {
        if (steps[i].id === id) return i;
      }
      var target = document.getElementById(id);
      if (target) {
        for (var j = 0; j < steps.length; j++) {
          if (steps[j].contains(target)) return j;
        }
      }
      return -1;
    }

    function show(index) {
      current = index;
      steps.forEach(function (step, i) { step.hidden = i !== index; });
      tocLinks.forEach(function (link) {
        if (link.getAttribute("href") === "#" + steps[index].id) link.setAttribute("aria-current", "step");
        else link.removeAttribute("aria-current");
      });
      status.textContent = "Step " + (index + 1) + " of " + steps.length + ": " + (steps[index].getAttribute("data-title") || "");
      prev.disabled = index === 0;
      var atEnd = index === steps.length - 1;
      if (nextLesson) {
        var hadFocus = document.activeElement === next || document.activeElement === nextLesson;
        next.hidden = atEnd;
        nextLesson.hidden = !atEnd;
        // Hiding the focused control would drop focus to the page: hand it over instead.
        if (hadFocus) (atEnd ? nextLesson : next).focus();
      } else {
        next.disabled = atEnd;
      }
    }

    // Puts the top of the steps just under the sticky bar, unless it is already there or close
    // below it, so that the step just shown is always in view (the steps start below the
    // introduction, often past the bottom of the window).
    function scrollToSteps() {
      var barBottom = nav.getBoundingClientRect().height;
      var top = container.getBoundingClientRect().top;
      if (top >= barBottom && top <= window.innerHeight * 0.4) return;
      window.scrollTo(0, Math.max(0, top + window.pageYOffset - barBottom - 8));
    }

    function focusHeading(index) {
      var heading = steps[index].querySelector("h2");
      if (!heading) return;
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }

    // Moves to step `index` as a new history entry, so that Back returns to the step before.
    function go(index, focus) {
      if (index < 0 || index >= steps.length) return;
      if (index !== current) {
        show(index);
        var hash = "#" + steps[index].id;
        if (location.hash !== hash) {
          try { history.pushState(null, "", hash); } catch (e) { location.hash = hash; }
        }
      }
      scrollToSteps();
      if (focus) focusHeading(index);
    }

    prev.addEventListener("click", function () { go(current - 1, false); });
    next.addEventListener("click", function () { go(current + 1, false); });
    tocLinks.forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (event.button !== 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
        var index = indexForHash(link.getAttribute("href"));
        if (index < 0) return;
        event.preventDefault();
        go(index, true);
      });
    });

    // True when the focus is somewhere the arrow keys already mean something: a text field, or
    // a box that scrolls sideways (a wide table, a code block, a diagram), which the keyboard
    // must be able to scroll.
    function arrowsBelongTo(element) {
      for (var node = element; node && node !== document.body && node !== document.documentElement; node = node.parentElement) {
        var tag = node.tagName ? node.tagName.toLowerCase() : "";
        if (tag === "input" || tag === "textarea" || tag === "select" || node.isContentEditable) return true;
        if (node.scrollWidth > node.clientWidth + 1) {
          var overflow = window.getComputedStyle(node).overflowX;
          if (overflow === "auto" || overflow === "scroll") return true;
        }
      }
      return false;
    }

    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
      if (arrowsBelongTo(event.target)) return;
      event.preventDefault();
      if (event.key === "ArrowLeft") { go(current - 1, true); return; }
      // A key press never leaves the page: on the last step it puts the focus on the link to the
      // next lesson, and Enter follows it.
      if (current === steps.length - 1) { if (nextLesson) nextLesson.focus(); return; }
      go(current + 1, true);
    });

    // Back and Forward: show the step the URL names now. An empty fragment is the first step
    // (the page as opened); a fragment outside the steps (the skip link's #main) changes nothing.
    function followURL() {
      var index = location.hash.length > 1 ? indexForHash(location.hash) : 0;
      if (index < 0 || index === current) return;
      show(index);
      scrollToSteps();
    }
    window.addEventListener("popstate", followURL);
    window.addEventListener("hashchange", followURL);

    // Printing shows every step (style.css); open the closed <details> too, and close them after.
    var opened = [];
    window.addEventListener("beforeprint", function () {
      opened = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
      opened.forEach(function (details) { details.open = true; });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (details) { details.open = false; });
      opened = [];
    });

    var initial = indexForHash(location.hash);
    show(initial >= 0 ? initial : 0);
    if (initial >= 0) {
      scrollToSteps();
      // The browser scrolls to the fragment's old position once the page has loaded, after the
      // other steps were hidden: put the opened step back under the bar.
      window.addEventListener("load", scrollToSteps);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// Scrubbers (ScrubberView): a labelled range input picks one of a step's recorded frames, e.g.
// the network after each epoch. Without this script a few evenly spaced frames are shown instead.
(function () {
  "use strict";

  function setUp(figure) {
    var controls = figure.querySelector(".scrubber-controls");
    var input = controls && controls.querySelector("input[type='range']");
    var output = controls && controls.querySelector("output");
    var frames = Array.prototype.slice.call(figure.querySelectorAll(".frame"));
    if (!input || !output || frames.length === 0) return;
    controls.hidden = false;
    figure.classList.add("scrubber-on");

    // Optional Previous/Next buttons (data-scrub="-1" / "1") move the range by one frame; at
    // either end they are marked aria-disabled rather than disabled, so they keep the focus.
    var buttons = Array.prototype.slice.call(controls.querySelectorAll("button[data-scrub]"));

    function show(index) {
      if (isNaN(index) || index < 0 || index >= frames.length) return;
      frames.forEach(function (frame, i) { frame.hidden = i !== index; });
      var label = frames[index].getAttribute("data-label") || "";
      output.textContent = label;
      input.setAttribute("aria-valuetext", label);
      buttons.forEach(function (button) {
        var to = index + parseInt(button.getAttribute("data-scrub"), 10);
        button.setAttribute("aria-disabled", to < 0 || to >= frames.length ? "true" : "false");
      });
    }

    buttons.forEach(function (button) {
      button.addEventListener("click", function () {
        var to = parseInt(input.value, 10) + parseInt(button.getAttribute("data-scrub"), 10);
        if (isNaN(to) || to < 0 || to >= frames.length) return;
        input.value = String(to);
        show(to);
      });
    });
    input.addEventListener("input", function () { show(parseInt(input.value, 10)); });
    show(parseInt(input.value, 10));
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-scrubber]"), setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
