/**
 * The one place a finding's message is filled: `meta.messages[messageId]` with `{name}` placeholders
 * taken from the finding's `data`, as ESLint fills a rule's messages. An id the detector never
 * declared is a bug in the detector, so it throws (as ESLint does) instead of printing the raw id.
 */

export class UnknownMessageIdError extends Error {
  override name = 'UnknownMessageIdError';
  constructor(readonly messageId: string, readonly detector?: string) {
    super(`${detector ? `detector "${detector}" reported` : 'a finding has'} messageId "${messageId}", which its meta.messages does not declare`);
  }
}

/** The template for `messageId`, or a throw when `messages` does not declare it. */
export function messageTemplate(messages: Readonly<Record<string, string>> | undefined, messageId: string, detector?: string): string {
  const template = messages !== undefined && Object.hasOwn(messages, messageId) ? messages[messageId] : undefined;
  if (template === undefined) throw new UnknownMessageIdError(messageId, detector);
  return template;
}

/** `{name}` placeholders filled from `data`; a placeholder without data stays as written. */
export function fillMessage(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = data !== undefined && Object.hasOwn(data, key) ? data[key] : undefined;
    return value === undefined ? whole : String(value);
  });
}
