// Loaded as a module: GOV.UK Frontend's components (error summary focus, header menu, …).
import { initAll } from "/static/vendor/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
