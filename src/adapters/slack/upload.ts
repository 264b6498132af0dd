// Charts and images go to Slack with files.uploadV2 (getUploadURLExternal → upload →
// completeUploadExternal); the old files.upload method is retired.
import type { webApi } from '@slack/bolt';

export interface UploadResult {
  fileId: string | undefined;
}

function fileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'chart'}.png`;
}

/** Uploads a PNG into a channel (id such as C123) with a title; rate limits are retried by the client. */
export async function uploadImage(
  client: webApi.WebClient,
  channel: string,
  png: Uint8Array,
  title: string,
  comment?: string,
): Promise<UploadResult> {
  const res = await client.filesUploadV2({
    channel_id: channel,
    file: Buffer.from(png),
    filename: fileName(title),
    title,
    ...(comment && { initial_comment: comment }),
  });
  const completed = (res as { files?: { files?: { id?: string }[] }[] }).files ?? [];
  return { fileId: completed[0]?.files?.[0]?.id };
}
