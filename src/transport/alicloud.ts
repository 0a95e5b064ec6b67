/**
 * The Alibaba Cloud packages the transport builds on, imported here and nowhere else.
 *
 * They are CommonJS only. The ESM build does not bundle this module: it loads it as CommonJS
 * (`dist/alicloud.cjs`, see `tsup.config.ts`), so that Node requires the packages as CommonJS instead of
 * translating each of their modules for ESM, which costs more at import than loading them.
 */
import * as CredentialsModule from '@alicloud/credentials';
import * as OpenApiModule from '@alicloud/openapi-client';
import * as OpenApiUtilModule from '@alicloud/openapi-util';
import * as TeaUtilModule from '@alicloud/tea-util';

export { CredentialsModule, OpenApiModule, OpenApiUtilModule, TeaUtilModule };
