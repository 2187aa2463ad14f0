import { z } from "zod";
import { defineJob } from "../platform/outbox/job.js";
import { deliverMail, MAIL_SEND_JOB } from "./mail.service.js";

export const mailSendJob = defineJob({
  type: MAIL_SEND_JOB,
  payload: z.object({ mailId: z.string().min(1) }),
  maxAttempts: 10,
  handle: (payload, run) => deliverMail(run.ctx, payload.mailId),
});
