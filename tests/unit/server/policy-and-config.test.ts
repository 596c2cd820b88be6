import { describe, expect, it } from 'vitest';
import { parseServerConfig } from '../../../server/config.ts';
import { datasetPolicy } from '../../../server/storage/policy.ts';

interface Statement {
  Action: string[];
  Resource: string[];
}

describe('dataset session policy', () => {
  const statements = (access: 'read' | 'write') =>
    (JSON.parse(datasetPolicy('bucket-a', 'datasets/10378-1-7/', access)) as { Statement: Statement[] })
      .Statement;

  it('lets read credentials get objects in the prefix and list the whole bucket, nothing more', () => {
    const read = statements('read');
    expect(read.flatMap((statement) => statement.Action)).not.toContain('s3:PutObject');
    expect(read[0]).toEqual({
      Action: ['s3:GetObject*'],
      Resource: [
        'arn:aws:s3:::bucket-a/datasets/10378-1-7',
        'arn:aws:s3:::bucket-a/datasets/10378-1-7/',
        'arn:aws:s3:::bucket-a/datasets/10378-1-7/*',
      ],
      Effect: 'Allow',
    });
    expect(read[1]!.Resource).toEqual(['arn:aws:s3:::bucket-a', 'arn:aws:s3:::bucket-a/*']);
    expect(read[1]!.Action).toContain('s3:ListBucket');
  });

  it('adds put, delete, abort and list-parts inside the prefix for write credentials', () => {
    const write = statements('write');
    expect(write[0]!.Action).toEqual(
      expect.arrayContaining([
        's3:PutObject',
        's3:DeleteObject*',
        's3:Abort*',
        's3:ListMultipartUploadParts',
      ]),
    );
    expect(
      write[0]!.Resource.every((resource) => resource.startsWith('arn:aws:s3:::bucket-a/datasets/10378-1-7')),
    ).toBe(true);
  });
});

describe('server configuration', () => {
  const minimal = {
    databasePath: ':memory:',
    s3: { bucket: 'bucket-a', accessKeyId: 'key', secretAccessKey: 'secret' },
    auth: { mode: 'local' },
  };

  it('applies the documented defaults', () => {
    const config = parseServerConfig(minimal);
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      handlePrefix: '10378.1',
      generalRoles: ['metadata-read'],
      s3: { region: 'us-east-1', credentials: 'auto', credentialLifetimeSeconds: 28_800, createBucket: true },
      auth: { mode: 'local', username: 'local-user' },
    });
  });

  it('names every invalid field', () => {
    let message = '';
    try {
      parseServerConfig({ ...minimal, port: -1, auth: { mode: 'ldap' }, surprise: true });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^The server configuration is not valid:/);
    expect(message).toMatch(/^\s+port: /m);
    expect(message).toMatch(/^\s+auth\.mode: /m);
    expect(message).toContain('surprise');
  });
});
