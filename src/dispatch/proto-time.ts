import type { protos } from './tasks-module';

type Duration = protos.google.protobuf.IDuration;
type Timestamp = protos.google.protobuf.ITimestamp;

/** google.protobuf.Duration of a (possibly fractional) number of seconds. */
export function durationOfSeconds(seconds: number): Duration {
  const whole = Math.floor(seconds);
  return { seconds: whole, nanos: Math.round((seconds - whole) * 1e9) };
}

/** google.protobuf.Timestamp of a Date (millisecond precision). */
export function timestampOf(date: Date): Timestamp {
  const ms = date.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1e6 };
}

/** Seconds of a Duration as the client returns it (int64 seconds arrive as strings). */
export function secondsOfDuration(duration: Duration | null | undefined): number {
  if (!duration) return 0;
  return Number(duration.seconds ?? 0) + (duration.nanos ?? 0) / 1e9;
}
