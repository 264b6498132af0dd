// The baseline of bench/ack.ts: a bare Bolt app (the same Bolt version as Stagecoach,
// HTTP mode, the same fake Slack) that acks every slash command and answers a constant
// through its response_url. PORT, SLACK_SIGNING_SECRET and SLACK_API_URL come from the bench.
import bolt from '@slack/bolt';

const app = new bolt.App({
  token: 'xoxb-bench',
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL ?? '' },
  logLevel: bolt.LogLevel.ERROR,
});
app.command(/.*/, async ({ ack, respond }) => {
  await ack();
  await respond({ text: 'ok', response_type: 'ephemeral' });
});
await app.start(Number(process.env.PORT));
