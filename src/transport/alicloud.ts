/**
 * The Alibaba Cloud packages the transport builds on, imported here and nowhere else: the credential
 * chain (`@alicloud/credentials`) and the official signing and flattening functions
 * (`@alicloud/openapi-util`, `@alicloud/tea-util`). Requests are built as `@alicloud/openapi-client`
 * builds them but sent by the transport itself (see `signed-request.ts` and `http-exchange.ts`), so the
 * client is not loaded.
 *
 * They are CommonJS only. The ESM build does not bundle this module: it loads it as CommonJS
 * (`dist/alicloud.cjs`, see `tsup.config.ts`), so that Node requires the packages as CommonJS instead of
 * translating each of their modules for ESM, which costs more at import than loading them.
 */
import * as CredentialsModule from '@alicloud/credentials';
import * as OpenApiUtilModule from '@alicloud/openapi-util';
import * as TeaUtilModule from '@alicloud/tea-util';

export { CredentialsModule, OpenApiUtilModule, TeaUtilModule };
