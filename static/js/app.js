// Loaded as a module: GOV.UK Frontend's components (error summary focus, header menu, …).
import { initAll } from "/static/vendor/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// After htmx swaps in an action's card (saved, a conflict, or errors), move focus to the notice
// in it: the control that had focus is gone, and focus on the notice has it read out.
document.addEventListener("htmx:load", (event) => {
  const root = event.target;
  const notice = root.matches?.("[data-app-focus]") ? root : root.querySelector?.("[data-app-focus]");
  if (notice && root !== document.body) {
    notice.removeAttribute("data-app-focus");
    notice.focus();
  }
});
