// Real MQTT peers for mqscope's live-capture tests, on 127.0.0.1 only.
//
//   node peers.mjs broker --ready FILE [--deflate] [--coalesce]
//     aedes behind a ws WebSocketServer (path /mqtt, subprotocol mqtt) on a free port, written
//     to FILE as {"port": N} once it listens. --deflate accepts permessage-deflate and
//     compresses every message it sends (RFC 7692); --coalesce sends each MQTT packet as one
//     WebSocket message. Runs until SIGTERM or SIGINT.
//
//   node peers.mjs clients --url URL --name NAME --events FILE [--version 4|5]
//                          [--writes split|coalesced] [--deflate]
//     A subscriber and a publisher (MQTT.js) go through an exchange: SUBSCRIBE, PUBLISH at
//     QoS 0, 1 and 2 (one retained, one of 2000 bytes), a keep-alive PINGREQ, UNSUBSCRIBE and
//     DISCONNECT. Every packet each client sent and received, from MQTT.js's own
//     `packetsend` and `packetreceive` events, is written to FILE with the WebSocket
//     extensions the server accepted. --writes split is MQTT.js as shipped for Node, which
//     writes every field of a packet as its own WebSocket message; coalesced joins a packet's
//     writes into one message. --deflate offers permessage-deflate (the client itself sends
//     uncompressed messages, which RFC 7692 §6 allows).
import fs from 'node:fs'
import http from 'node:http'
import { parseArgs } from 'node:util'

import { Aedes } from 'aedes'
import mqtt from 'mqtt'
import { WebSocket, WebSocketServer, createWebSocketStream } from 'ws'

const deadlineMs = 20000
const started = []  // every Peer, for the report of an exchange that did not finish

function fail (message) {
  console.error(`peers: ${message}`)
  process.exit(1)
}

// mqtt-packet corks the stream around the writes of one packet; with a _writev the corked
// chunks leave as one WebSocket message, the way browsers' MQTT.js sends them.
function coalesceWrites (stream, socket) {
  stream._writev = (chunks, callback) => {
    const send = () => socket.send(Buffer.concat(chunks.map((c) => c.chunk)), callback)
    if (socket.readyState === WebSocket.CONNECTING) socket.once('open', send)
    else send()
  }
}

function writeAtomically (file, text) {
  fs.writeFileSync(`${file}.tmp`, text)
  fs.renameSync(`${file}.tmp`, file)
}

async function runBroker ({ ready, deflate, coalesce }) {
  const aedes = await Aedes.createBroker()
  const server = http.createServer()
  const wss = new WebSocketServer({
    server,
    path: '/mqtt',
    perMessageDeflate: deflate ? { threshold: 0 } : false,
    handleProtocols: (protocols) => (protocols.has('mqtt') ? 'mqtt' : false)
  })
  wss.on('connection', (socket, request) => {
    const stream = createWebSocketStream(socket)
    if (coalesce) coalesceWrites(stream, socket)
    aedes.handle(stream, request)
  })
  server.listen(0, '127.0.0.1', () => writeAtomically(ready, JSON.stringify({ port: server.address().port })))
  const stop = () => {
    for (const client of wss.clients) client.terminate()
    server.close()
    aedes.close(() => process.exit(0))
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

// The parts of a packet mqscope's fields show, as MQTT.js has them.
// mqtt-packet gives every parsed packet topic, qos and retain; only a PUBLISH has them on the
// wire, and a packet id only at QoS 1 and 2 (MQTT-2.2.1).
function describe (direction, packet) {
  const record = { direction, cmd: packet.cmd }
  const publish = packet.cmd === 'publish'
  if (packet.messageId !== undefined && (!publish || packet.qos > 0)) record.messageId = packet.messageId
  if (publish) {
    Object.assign(record, { topic: packet.topic, qos: packet.qos, retain: packet.retain })
    record.payload = Buffer.from(packet.payload ?? []).toString('hex')
  }
  for (const key of ['clientId', 'returnCode', 'reasonCode']) {
    if (packet[key] !== undefined) record[key] = packet[key]
  }
  if (packet.subscriptions) record.topics = packet.subscriptions.map((s) => s.topic)
  if (packet.unsubscriptions) record.topics = [...packet.unsubscriptions]
  if (packet.cmd === 'connect') record.protocolVersion = packet.protocolVersion
  return record
}

class Peer {
  constructor (id, { url, version, writes, deflate }) {
    this.id = id
    this.packets = []
    this.extensions = null
    // manualConnect: the listeners below must be in place before the CONNECT is written.
    const options = { clientId: id, protocolVersion: version, clean: true, keepalive: 1, reconnectPeriod: 0, connectTimeout: 5000, manualConnect: true }
    if (version === 5) options.properties = { sessionExpiryInterval: 0, userProperties: { test: 'mqscope-live' } }
    const websocket = url.startsWith('ws:')
    const remember = (socket) => {
      socket.on('upgrade', (response) => { this.extensions = response.headers['sec-websocket-extensions'] ?? '' })
      return socket
    }
    // With --deflate the client offers permessage-deflate but sends its messages
    // uncompressed: ws honours its size threshold only without context takeover, so the
    // client asks for client_no_context_takeover (RFC 7692 §7.1.1.2) and sets a threshold no
    // message reaches.
    const wsOptions = { perMessageDeflate: deflate ? { clientNoContextTakeover: true, threshold: 2 ** 30 } : false }
    if (websocket && writes === 'coalesced') {
      this.client = new mqtt.MqttClient(() => {
        const socket = remember(new WebSocket(url, ['mqtt'], wsOptions))
        const stream = createWebSocketStream(socket)
        coalesceWrites(stream, socket)
        socket.on('close', () => stream.destroy())
        return stream
      }, options)
    } else if (websocket) {
      options.createWebsocket = (address, protocols) => remember(new WebSocket(address, protocols, wsOptions))
      this.client = mqtt.connect(url, options)
    } else {
      this.client = mqtt.connect(url, options)
    }
    this.client.on('packetsend', (packet) => this.packets.push(describe('send', packet)))
    this.client.on('packetreceive', (packet) => this.packets.push(describe('receive', packet)))
    this.client.on('error', (error) => fail(`${id}: ${error.message}`))
    started.push(this)
    this.client.connect()
  }

  // Resolves on the first received packet for which `test` holds.
  receive (test) {
    return new Promise((resolve) => {
      const check = (packet) => {
        if (!test(packet)) return
        this.client.off('packetreceive', check)
        resolve(packet)
      }
      this.client.on('packetreceive', check)
    })
  }

  async end () {
    await this.client.endAsync()
  }
}

async function exchange ({ url, name, version, writes, deflate }) {
  const config = { url, version, writes, deflate }
  const subscriber = new Peer(`${name}_sub`, config)
  await subscriber.receive((p) => p.cmd === 'connack')
  await subscriber.client.subscribeAsync({ 'live/#': { qos: 2 }, 'other/+': { qos: 0 } })

  const publisher = new Peer(`${name}_pub`, config)
  await publisher.receive((p) => p.cmd === 'connack')
  const big = Buffer.alloc(2000, 'mqscope ').toString()
  const messages = [
    ['live/q0', 'zero', { qos: 0 }],
    ['live/q1', 'one', { qos: 1 }],
    ['live/q2', 'two', { qos: 2 }],
    ['live/retained', 'kept', { qos: 1, retain: true }],
    ['live/big', big, { qos: 1 }]
  ]
  const delivered = new Set()
  const allDelivered = subscriber.receive((p) => {
    if (p.cmd === 'publish') delivered.add(p.topic)
    return delivered.size === messages.length
  })
  for (const [topic, payload, options] of messages) await publisher.client.publishAsync(topic, payload, options)
  await allDelivered
  // An empty retained message clears the retained one (MQTT-3.3.1-10).
  const cleared = subscriber.receive((p) => p.cmd === 'publish' && p.topic === 'live/retained' && p.payload.length === 0)
  await publisher.client.publishAsync('live/retained', '', { qos: 1, retain: true })
  await cleared

  // keepalive 1 s: MQTT.js sends PINGREQ once the connection has been quiet that long.
  await subscriber.receive((p) => p.cmd === 'pingresp')
  await subscriber.client.unsubscribeAsync(['live/#', 'other/+'])
  await publisher.end()
  await subscriber.end()
  return [subscriber, publisher]
}

async function runClients (args) {
  const config = {
    url: args.url,
    name: args.name,
    version: Number(args.version ?? 4),
    writes: args.writes ?? 'coalesced',
    deflate: Boolean(args.deflate)
  }
  const timer = setTimeout(() => {
    for (const peer of started) console.error(peer.id, JSON.stringify(peer.packets))
    fail(`exchange not done within ${deadlineMs} ms`)
  }, deadlineMs)
  const peers = await exchange(config)
  clearTimeout(timer)
  const result = peers.map((p) => ({ clientId: p.id, extensions: p.extensions, packets: p.packets }))
  writeAtomically(args.events, JSON.stringify({ transport: config.url.split(':')[0], version: config.version, writes: config.writes, deflate: config.deflate, clients: result }, null, 1))
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    ready: { type: 'string' },
    deflate: { type: 'boolean' },
    coalesce: { type: 'boolean' },
    url: { type: 'string' },
    name: { type: 'string' },
    events: { type: 'string' },
    version: { type: 'string' },
    writes: { type: 'string' }
  }
})
if (positionals[0] === 'broker' && values.ready) await runBroker(values)
else if (positionals[0] === 'clients' && values.url && values.name && values.events) await runClients(values)
else fail('usage: peers.mjs broker --ready FILE [--deflate] [--coalesce] | clients --url URL --name NAME --events FILE [--version 4|5] [--writes split|coalesced] [--deflate]')
