// What other domains use of the WhatsApp channel's own records: a message's stored media (the privacy tests
// give a message a file before they erase its contact).
export { setMessageMedia } from "./delivery.repository.js";
