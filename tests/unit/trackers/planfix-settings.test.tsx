import { describe, expect, it } from 'vitest';
import { checkSettings, missingSecrets } from '../../../lib/settings/check';
import { exportFormat, parseSettingsExport } from '../../../lib/settings/export';
import type { Settings } from '../../../lib/trackers/definition';
import { trackerOf } from '../../../lib/trackers/registry';
import { renderFieldset } from '../../support/render-fieldset';

const planfix = trackerOf('planfix');
const tokenMode = {
  account: 'acme',
  apiKey: 'key',
  signIn: 'token',
  token: 'token',
  login: '',
  password: '',
  apiServer: 'https://apiru.planfix.ru/xml/',
};
const loginMode = { ...tokenMode, signIn: 'login', token: '', login: 'anna', password: 'secret' };

const rendered = (values: Settings): string => renderFieldset(planfix, values);

const labelsIn = (html: string) => [...html.matchAll(/<label for="planfix-\w+">([^<]+)<\/label>/g)].map((m) => m[1]);

describe('PlanFix settings: Sign in with', () => {
  it('shows Token by default, and Login and Password once login and password is picked', () => {
    expect(planfix.initial.signIn).toBe('token');
    expect(labelsIn(rendered(planfix.initial))).toEqual(['Account', 'API key', 'Sign in with', 'Token', 'API server']);
    const login = rendered(loginMode);
    expect(labelsIn(login)).toEqual(['Account', 'API key', 'Sign in with', 'Login', 'Password', 'API server']);
    expect(login).toMatch(/id="planfix-password"[^>]*type="password"|type="password"[^>]*id="planfix-password"/);
    expect(login).toMatch(/<option [^>]*value="token">Token<\/option><option [^>]*value="login">Login and password</);
  });

  it('requires the login only in login mode, and trims it', () => {
    expect(checkSettings(planfix, tokenMode)).toEqual({ ok: true, settings: tokenMode });
    expect(checkSettings(planfix, { ...loginMode, login: '  ' })).toEqual({
      ok: false,
      problems: [{ field: 'login', message: 'settingsPlanfixLoginRequired' }],
    });
    expect(checkSettings(planfix, { ...loginMode, login: ' anna ' })).toEqual({ ok: true, settings: loginMode });
    expect(checkSettings(planfix, { ...tokenMode, signIn: 'sso' }).ok).toBe(false);
  });

  it('asks for the secrets of the chosen way only', () => {
    expect(missingSecrets(planfix, { ...tokenMode, token: '' }).map((p) => p.field)).toEqual(['token']);
    expect(missingSecrets(planfix, tokenMode)).toEqual([]);
    expect(missingSecrets(planfix, { ...loginMode, password: '' }).map((p) => p.field)).toEqual(['password']);
    expect(missingSecrets(planfix, loginMode)).toEqual([]);
  });

  it('imports a file written before Sign in with existed as token mode', () => {
    const { signIn: _signIn, login: _login, password: _password, ...older } = tokenMode;
    const parsed = parseSettingsExport({ format: exportFormat, version: 1, trackers: { planfix: older } });
    expect(parsed?.trackers.planfix).toEqual(tokenMode);
  });
});
