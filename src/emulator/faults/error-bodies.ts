import type { EmulatorReply } from '../http/handler.js';

/** The service's wording of the codes an error inside a `200` is most often tested with. */
const MESSAGES: Readonly<Record<string, string>> = {
  'Throttling.User': 'Request was denied due to user flow control.',
  InternalError: 'The request processing has failed due to some unknown error, exception or failure.',
  ServiceUnavailable: 'The request has failed due to a temporary failure of the server.',
  NoPermission: 'no permission',
};

function messageOf(code: string): string {
  return MESSAGES[code] ?? `The request failed: ${code}.`;
}

/**
 * `200` with an error body and no payload: `{"RequestId":"…","Code":"Throttling.User","Message":"…"}`
 * (the emulator adds the `RequestId`).
 */
export function errorIn200(code: string): EmulatorReply {
  return { status: 200, body: { Code: code, Message: messageOf(code) } };
}

/** `200` with `{"RequestId":"…","Success":false,"Code":"…","Message":"…"}`, the flat Sddp shape. */
export function successFalse(code: string): EmulatorReply {
  return { status: 200, body: { Success: false, Code: code, Message: messageOf(code) } };
}

/**
 * `200` with the wrapped Sddp shape failed:
 * `{"code":"…","message":"…","success":false,"data":null,"requestId":"…"}` (the emulator adds the
 * `requestId`).
 */
export function wrappedSuccessFalse(code: string): EmulatorReply {
  return { status: 200, body: { code, message: messageOf(code), success: false, data: null } };
}
