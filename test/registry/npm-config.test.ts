import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { loadNpmConfig, toPacoteOptions } from '../../src/registry/npm-config.js';

function setup() {
  const root = mkdtempSync(join(tmpdir(), 'spamcheck-npmrc-'));
  const home = join(root, 'home');
  const project = join(root, 'project');
  for (const d of [home, project]) mkdirSync(d);
  return { root, home, project };
}


describe('npm config', () => {
  it('layers user < project < environment and keeps scoped registries and auth keys', () => {
    const { home, project, root } = setup();
    writeFileSync(join(home, '.npmrc'), 'registry=https://user.example/\n//private.example/:_authToken=${TOKEN}\nsave-exact=true\n');
    writeFileSync(join(project, '.npmrc'), '@corp:registry=https://private.example/\nstrict-ssl=false\n');
    const env = { TOKEN: 's3cret', npm_config_globalconfig: join(root, 'none'), npm_config_https_proxy: 'http://proxy.example:8080' };
    const config = loadNpmConfig({ projectDir: project, env, home });
    expect(config.registry).toBe('https://user.example/');
    expect(config['@corp:registry']).toBe('https://private.example/');
    expect(config['//private.example/:_authToken']).toBe('s3cret');
    expect(config['save-exact']).toBeUndefined();
    const options = toPacoteOptions(config, {}, env, home);
    expect(options.strictSSL).toBe(false);
    expect(options.httpsProxy).toBe('http://proxy.example:8080');
    expect(options.cache).toBe(join(home, '.npm', '_cacache'));
  });

  it('lets --registry and --cache win over every file', () => {
    const { home, project, root } = setup();
    writeFileSync(join(project, '.npmrc'), 'registry=https://project.example/\n');
    const env = { npm_config_globalconfig: join(root, 'none') };
    const options = toPacoteOptions(loadNpmConfig({ projectDir: project, env, home }), { registry: 'http://127.0.0.1:9', cache: join(root, 'c') }, env);
    expect(options.registry).toBe('http://127.0.0.1:9/');
    expect(options.cache).toBe(join(root, 'c', '_cacache'));
  });

  it('names the file and the variable when an npmrc uses an unset ${VAR}', () => {
    const { home, project, root } = setup();
    writeFileSync(join(project, '.npmrc'), '//r.example/:_authToken=${MISSING_TOKEN}\n');
    expect(() => loadNpmConfig({ projectDir: project, env: { npm_config_globalconfig: join(root, 'none') }, home })).toThrow(UsageError);
    expect(() => loadNpmConfig({ projectDir: project, env: { npm_config_globalconfig: join(root, 'none') }, home })).toThrow(/\.npmrc.*MISSING_TOKEN/);
  });
});
