import { storeProcessContract } from '../../support/store-contract.js';
import { fileStoreKind } from '../../support/store-kinds.js';

storeProcessContract(fileStoreKind);
