-- For the benchmark: makes tshark 4.0 decode MQTT inside WebSocket the way mqscope does, as
-- one byte stream per connection and direction, so that the two are compared on the same work.
--
-- captures/ws-mqtt.lua hands each WebSocket message to the MQTT dissector on its own. MQTT.js
-- and the benchmark's generator write an MQTT packet as several WebSocket messages (a fixed
-- header byte, then the Remaining Length, then the rest), so with that shim tshark reports the
-- first piece as malformed, abandons the frame, and decodes only a few percent of the packets
-- (and runs the faster for it). Here the messages of a connection whose 101 response chose
-- subprotocol "mqtt" are one byte stream per direction: each whole MQTT packet (MQTT 3.1.1
-- §2.2, fixed header and Remaining Length) is handed to the stock MQTT dissector, in place when
-- it lies within one message, else from a copy joined from the bytes left over before.
--
-- tshark 4.0's WebSocket dissector itself loses messages around fragmented ones, so tshark
-- still misses some packets of the benchmark's captures (none of a capture without fragmented
-- messages).
--
-- tshark without -2 dissects each frame once, in order, which is what a stream buffer needs.
--
-- usage: tshark -X lua_script:ws-mqtt-stream.lua -r FILE -d tcp.port==PORT,http ...
local shim = Proto("mqttwsstream", "MQTT in WebSocket, reassembled (benchmark shim)")
local mqtt = Dissector.get("mqtt")

-- Bytes of each direction of each connection not yet a whole packet.
local pending = {}

-- The length of the MQTT packet whose fixed header starts at `at` (1-based) in `bytes`, or nil
-- if its header or body is not all there yet. A Remaining Length longer than four bytes is
-- malformed (MQTT 3.1.1 §2.2.3): -1, and the bytes held are dropped, so that the next message
-- starts afresh.
local function packet_length(bytes, at)
  local multiplier, value, size = 1, 0, #bytes
  for i = 1, 4 do
    if at + i > size then return nil end
    local b = bytes:byte(at + i)
    value = value + (b % 128) * multiplier
    if b < 128 then
      local total = i + 1 + value
      if at + total - 1 > size then return nil end
      return total
    end
    multiplier = multiplier * 128
  end
  return -1
end

-- Hands each whole packet at the start of `bytes` to the MQTT dissector, as the tvb that
-- `packet_tvb(at, n)` gives; returns where the bytes left over start.
local function dissect_packets(bytes, packet_tvb, pinfo, tree)
  local at = 1
  while #bytes - at >= 1 do
    local n = packet_length(bytes, at)
    if n == nil then break end
    if n < 0 then return #bytes + 1 end
    pinfo.can_desegment = 0
    mqtt:call(packet_tvb(at, n), pinfo, tree)
    at = at + n
  end
  return at
end

function shim.dissector(tvb, pinfo, tree)
  -- Frames dissected a second time (Wireshark's GUI, tshark -2) would feed the stream twice;
  -- the benchmark runs tshark in one pass.
  if pinfo.visited then return tvb:len() end
  -- A direction is named by its two ports (its addresses would cost a third of the shim's
  -- time): the benchmark's captures give every connection a client port of its own.
  local key = pinfo.src_port * 65536 + pinfo.dst_port
  local before = pending[key]
  local bytes, packet_tvb
  if before == nil then
    -- The usual case: the message's packets are dissected where they lie.
    bytes = tvb:raw()
    packet_tvb = function(at, n) return tvb(at - 1, n):tvb() end
  else
    -- A packet began in an earlier message: each whole packet from a copy of its own.
    bytes = before .. tvb:raw()
    packet_tvb = function(at, n)
      return ByteArray.new(bytes:sub(at, at + n - 1), true):tvb("MQTT packet")
    end
  end
  local left = dissect_packets(bytes, packet_tvb, pinfo, tree)
  pending[key] = left <= #bytes and bytes:sub(left) or nil
  return tvb:len()
end

local table = DissectorTable.get("ws.protocol")
table:add("mqtt", shim)
table:add("mqttv3.1", shim)
