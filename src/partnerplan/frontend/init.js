// Start the GOV.UK Frontend components (tabs, error summary, password reveal…).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
