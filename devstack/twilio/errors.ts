// Twilio's REST error body (https://www.twilio.com/docs/usage/twilios-response#response-formats-exceptions): the
// SDK turns it into a RestException carrying `status`, `code` and `moreInfo`. Codes and wording from Twilio's
// error dictionary (https://www.twilio.com/docs/api/errors).

export type TTwilioError = { status: number; code: number; message: string; more_info: string };

const err = (status: number, code: number, message: string): TTwilioError => ({
  status,
  code,
  message,
  more_info: `https://www.twilio.com/docs/errors/${code}`,
});

export const TWILIO_ERRORS = {
  authenticate: () => err(401, 20003, "Authenticate"),
  notFound: (what: string) => err(404, 20404, `The requested resource ${what} was not found`),
  methodNotAllowed: () => err(405, 20004, "Method not allowed"),
  missingTo: () => err(400, 21604, "A 'To' phone number is required."),
  invalidTo: (to: string) => err(400, 21211, `Invalid 'To' Phone Number: ${to}`),
  notMobile: (to: string) => err(400, 21614, `'To' number ${to} is not a valid mobile number`),
  missingFrom: () => err(400, 21603, "A 'From' phone number is required."),
  fromNotOwned: (from: string) =>
    err(
      400,
      21606,
      `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
    ),
  missingBody: () => err(400, 21602, "Message body is required."),
  bodyTooLong: () => err(400, 21617, "The concatenated message body exceeds the 1600 character limit."),
  unsubscribed: () => err(400, 21610, "Attempt to send to unsubscribed recipient"),
  invalidCallback: (url: string) => err(400, 21609, `Invalid StatusCallback URL: ${url}`),
} as const;
