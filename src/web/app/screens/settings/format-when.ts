export { whenZoned as formatWhen } from "../format.js";
