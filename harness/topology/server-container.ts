import { GenericContainer } from "testcontainers";

/** The server under test's container: a GenericContainer that can also run under Docker's init (`--init`). */
export class ServerContainer extends GenericContainer {
  constructor(image: string, init: boolean) {
    super(image);
    if (init) this.hostConfig.Init = true;
  }
}
