/** google.protobuf.Timestamp / Duration as proto-loader hands them over (int64 seconds as strings). */
export interface WireSeconds {
  readonly seconds?: string | number;
  readonly nanos?: number;
}

export function msOfWire(value: WireSeconds | undefined): number | undefined {
  if (value === undefined) return undefined;
  return Number(value.seconds ?? 0) * 1_000 + Math.floor((value.nanos ?? 0) / 1e6);
}

export function wireOfMs(ms: number): { readonly seconds: string; readonly nanos: number } {
  const seconds = Math.floor(ms / 1_000);
  return { seconds: String(seconds), nanos: Math.round(ms - seconds * 1_000) * 1e6 };
}
