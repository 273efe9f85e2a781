/**
 * The words of the message that carries a plan link. Never the code (the worker gives
 * that in person or on the phone) and never the person's name: a phone or inbox can be
 * seen by someone else, and a number on record can have changed hands.
 */
export function linkMessage(options: { channel: 'sms' | 'email'; forRecipient: boolean; organisation: string; url: string }): { subject?: string; message: string } {
  const { organisation, url, forRecipient } = options;
  const opening = forRecipient
    ? `${organisation} has a crisis plan that someone chose to share with you.`
    : `Here is the link to your crisis plan from ${organisation}.`;
  const code = 'You will need the short code you were given in person or on the phone. It is not in this message.';
  if (options.channel === 'sms') return { message: `${opening} ${url} ${code}` };
  return {
    subject: forRecipient ? 'A crisis plan shared with you' : 'Your crisis plan',
    message: [
      opening,
      `Open it here: ${url}`,
      code,
      forRecipient ? 'If this has come to you by mistake, you can ignore it.' : 'Once opened, you can keep it on your phone to read with no signal, and print it.',
      'If you are in danger now, call 999.',
    ].join('\n\n'),
  };
}
