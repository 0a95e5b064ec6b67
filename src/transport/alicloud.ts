/**
 * The Alibaba Cloud packages the transport builds on, imported here and nowhere else: the credential
 * chain (`@alicloud/credentials`) and the official signing and flattening functions
 * (`@alicloud/openapi-util`, `@alicloud/tea-util`). Requests are built as `@alicloud/openapi-client`
 * builds them but sent by the transport itself (see `signed-request.ts` and `http-exchange.ts`), so the
 * client is not loaded.
 *
 * They are CommonJS only. The CommonJS build requires them as they are. The ESM build loads this module
 * from `dist/alicloud.js` (see `tsup.config.ts`): an ES module with the packages bundled in and their
 * `require` of Node's modules turned into imports, which Node loads as one file and an application's
 * bundler (esbuild, webpack) bundles like any ES module.
 */
import * as CredentialsModule from '@alicloud/credentials';
import * as OpenApiUtilModule from '@alicloud/openapi-util';
import * as TeaUtilModule from '@alicloud/tea-util';

export { CredentialsModule, OpenApiUtilModule, TeaUtilModule };
