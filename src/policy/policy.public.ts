// What other domains use of the policy's data: an agent pins a contact's language (the inbox desk), and
// erasing a contact drops its pin (privacy).
export { listQuestionMarks } from "./catalogue/catalogue.repository.js";
export { type CatalogueMark, parseMark } from "./catalogue/mark.js";
export { pinLanguage } from "./policy.repository.js";
export { deleteLanguagePin } from "./policy-data.repository.js";
