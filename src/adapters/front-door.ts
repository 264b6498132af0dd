// A way in for users (terminal, Slack, Discord). main.ts starts every configured one.
export interface FrontDoor {
  name: string;
  start(): Promise<void>;
  /** Stop taking new work and finish what is in flight. */
  stop(): Promise<void>;
}
