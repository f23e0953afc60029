import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: null,
      bundleLimitBytes: 32 * 1024 * 1024,
      fileLimitBytes: 25 * 1024 * 1024,
      publicUrl: 'http://127.0.0.1:8080',
    });
    expect(config.dataDir).toMatch(/data$/);
  });

  it('names the variable that is wrong', () => {
    for (const [env, name] of [
      [{ PORT: 'eighty' }, 'PORT'],
      [{ PORT: '70000' }, 'PORT'],
      [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
      [{ TANSIQ_BUNDLE_LIMIT: '-1' }, 'TANSIQ_BUNDLE_LIMIT'],
      [{ TANSIQ_DEMO_PASSWORD: 'short' }, 'TANSIQ_DEMO_PASSWORD'],
      [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
      [{ TANSIQ_FILE_LIMIT: '10' }, 'TANSIQ_FILE_LIMIT'],
      [{ TANSIQ_FILE_LIMIT: '25MB' }, 'TANSIQ_FILE_LIMIT'],
      [{ TANSIQ_PUBLIC_URL: 'ftp://tansiq.example' }, 'TANSIQ_PUBLIC_URL'],
      [{ TANSIQ_PUBLIC_URL: 'https://user:pw@tansiq.example' }, 'TANSIQ_PUBLIC_URL'],
      [{ TANSIQ_PUBLIC_URL: 'not a url' }, 'TANSIQ_PUBLIC_URL'],
      [{ TANSIQ_BATCH_LIMIT: '0' }, 'TANSIQ_BATCH_LIMIT'],
      [{ TANSIQ_REQUIRE_2FA: 'sometimes' }, 'TANSIQ_REQUIRE_2FA'],
      [{ TANSIQ_SECRET_KEY: 'c2hvcnQ=' }, 'TANSIQ_SECRET_KEY'],
      [{ TANSIQ_SECRET_KEY_PREVIOUS: 'bm90IGEga2V5' }, 'TANSIQ_SECRET_KEY_PREVIOUS'],
      [{ TANSIQ_METRICS_TOKEN: 'short' }, 'TANSIQ_METRICS_TOKEN'],
      [{ TANSIQ_METRICS_TOKEN: 'a token with spaces in it, long enough' }, 'TANSIQ_METRICS_TOKEN'],
      [{ TANSIQ_SMTP_URL: 'http://mail.example' }, 'TANSIQ_SMTP_URL'],
      [{ TANSIQ_SMTP_URL: 'mail.example:25' }, 'TANSIQ_SMTP_URL'],
      [{ TANSIQ_MAIL_FROM: 'not an address' }, 'TANSIQ_MAIL_FROM'],
      [{ TANSIQ_MAIL_FROM: 'Tansiq <a@b.example>\r\nBcc: x@y.example' }, 'TANSIQ_MAIL_FROM'],
    ] as const) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(new RegExp(`^${name}:`));
    }
  });

  it('takes the public address peers reach, without its trailing slash', () => {
    expect(loadConfig({ TANSIQ_PUBLIC_URL: 'https://tansiq.ma.example/' }).publicUrl).toBe(
      'https://tansiq.ma.example',
    );
    expect(loadConfig({ TANSIQ_FILE_LIMIT: '1048576' }).fileLimitBytes).toBe(1048576);
  });

  it('sends no mail unless an SMTP server is named; the sender defaults to the public host', () => {
    expect(loadConfig({})).toMatchObject({ smtpUrl: null, mailFrom: 'Tansiq <tansiq@127.0.0.1>' });
    const config = loadConfig({
      TANSIQ_SMTP_URL: 'smtps://tansiq:secret@mail.ma.example:465',
      TANSIQ_PUBLIC_URL: 'https://tansiq.ma.example',
    });
    expect(config.smtpUrl).toBe('smtps://tansiq:secret@mail.ma.example:465');
    expect(config.mailFrom).toBe('Tansiq <tansiq@tansiq.ma.example>');
    expect(loadConfig({ TANSIQ_MAIL_FROM: 'Veille <veille@ne.example>' }).mailFrom).toBe(
      'Veille <veille@ne.example>',
    );
  });
});
