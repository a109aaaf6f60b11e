import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to the embedded engine in ./data on 127.0.0.1:3000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      engine: 'pglite',
      host: '127.0.0.1',
      port: 3000,
      baseUrl: 'http://127.0.0.1:3000',
    });
    expect(c.dataDir).toBe(path.resolve('./data'));
    expect(c.secureCookies).toBe(false);
  });
  it('switches to server mode with DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).engine).toBe('postgres');
  });
  it('names the variable of a bad value', () => {
    expect(() => loadConfig({ PROSPECTOR_PORT: 'abc' })).toThrow(ConfigError);
    expect(() => loadConfig({ PROSPECTOR_PORT: 'abc' })).toThrow(/PROSPECTOR_PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
  });
  it('makes cookies Secure behind an https base URL', () => {
    expect(loadConfig({ PROSPECTOR_BASE_URL: 'https://talent.example.com' }).secureCookies).toBe(true);
  });
  it('binds the inbound SMTP listener to INBOUND_SMTP_HOST (127.0.0.1 by default), not PROSPECTOR_HOST', () => {
    expect(loadConfig({ PROSPECTOR_HOST: '0.0.0.0', INBOUND_SMTP_PORT: '2525' })).toMatchObject({
      host: '0.0.0.0',
      inboundSmtpHost: '127.0.0.1',
      inboundSmtpPort: 2525,
    });
    expect(loadConfig({ INBOUND_SMTP_HOST: '10.0.0.5' }).inboundSmtpHost).toBe('10.0.0.5');
  });
  it('lets command-line overrides win', () => {
    expect(loadConfig({ PROSPECTOR_PORT: '4000' }, { port: 5000 }).port).toBe(5000);
  });
});
