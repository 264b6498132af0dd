// Container health check: GET /healthz on PORT (src/adapters/http/health.ts). Stagecoach
// serves it only when `start` runs with Slack or Discord configured (src/main.ts): the
// terminal chat, `worker` and one-shot commands serve no HTTP, so there this check fails
// and says so, rather than reporting a health it cannot see. Exit 0 healthy, 1 not.
const port = process.env.PORT?.trim() || '3000';
const url = `http://127.0.0.1:${port}/healthz`;
const chatConfigured = [process.env.SLACK_BOT_TOKEN, process.env.DISCORD_TOKEN].some((v) => v?.trim());

try {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  console.log(`${url} answered ${res.status}`);
  process.exit(res.ok ? 0 : 1);
} catch (err) {
  const why = err.cause?.code ?? err.name;
  const hint = chatConfigured ? '' : ' (it is served only by `start` with Slack or Discord configured)';
  console.log(`${url} did not answer: ${why}${hint}`);
  process.exit(1);
}
