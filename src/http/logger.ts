import pino, { type Logger } from 'pino';

/** Structured JSON logs; credentials in headers or bodies are redacted wherever they appear. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'convergence' },
    redact: {
      paths: [
        'req.headers["x-api-key"]',
        'req.headers["x-admin-key"]',
        'req.headers.authorization',
        '*.apiKey',
        '*.api_key',
        '*.secret',
        '*.password',
        '*.private_key',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}
