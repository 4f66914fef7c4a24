import { describe, expect, it } from "vitest";
import { fromImages } from "./dockerfile-from.js";

const BASE = { BASE_IMAGE: "ftp-conformance/base:bookworm-minbase" };

describe("fromImages", () => {
  it.each([
    ["FROM debian:bookworm-slim\nRUN true\n", {}, ["debian:bookworm-slim"]],
    ["from debian:bookworm\n", {}, ["debian:bookworm"]],
    ["ARG BASE_IMAGE=debian:bookworm-slim\nFROM ${BASE_IMAGE}\n", BASE, [BASE.BASE_IMAGE]],
    ["ARG BASE_IMAGE=debian:bookworm-slim\nFROM ${BASE_IMAGE}\n", {}, ["debian:bookworm-slim"]],
    ["ARG BASE_IMAGE\nFROM $BASE_IMAGE AS server\n", BASE, [BASE.BASE_IMAGE]],
    // A build argument for an ARG the Dockerfile never declares is not used.
    ["FROM ${BASE_IMAGE}\n", BASE, [""]],
    ["FROM ${BASE_IMAGE:-debian:bookworm-slim}\n", {}, ["debian:bookworm-slim"]],
    ['ARG TAG="3.19"\nFROM alpine:${TAG}\n', {}, ["alpine:3.19"]],
    ["ARG TAG=1\nFROM alpine:${TAG}\n", { TAG: "2" }, ["alpine:2"]],
    ["ARG REG=r.example ARG_TWO=x\nARG IMG=${REG}/ftp\nFROM ${IMG}:1\n", {}, ["r.example/ftp:1"]],
    [
      "FROM --platform=linux/amd64 debian:bookworm-slim AS build\nFROM build\nFROM scratch\n",
      {},
      ["debian:bookworm-slim"],
    ],
    [
      "FROM golang:1.22 AS Build\nFROM debian:bookworm-slim\nCOPY --from=build /x /x\n",
      {},
      ["golang:1.22", "debian:bookworm-slim"],
    ],
    ["# a comment naming FROM evil:1\nFROM \\\n  debian:bookworm-slim\n", {}, ["debian:bookworm-slim"]],
    ["# escape=`\nFROM `\n  mcr.example/windows:1\n", {}, ["mcr.example/windows:1"]],
    // An ARG after the first FROM belongs to that stage, not to later FROMs.
    ["FROM a:1\nARG B=b:2\nFROM ${B}\n", {}, ["a:1", ""]],
  ])("should read %j with %j", (dockerfile, args, expected) => {
    expect(fromImages(dockerfile, args).map((f) => f.image)).toEqual(expected);
  });

  it("should keep the reference as written for messages", () => {
    expect(fromImages("FROM ${BASE_IMAGE}\n", {})).toEqual([{ written: "${BASE_IMAGE}", image: "" }]);
  });
});
