package ai.elms.engine.graph;

import java.util.ArrayList;
import java.util.List;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

/** Appends nodes and constants to a graph under generated, unique names. */
final class GraphWriter {

	private final GraphProto.Builder graph;

	private int counter;

	GraphWriter(GraphProto.Builder graph) {
		this.graph = graph;
	}

	String op(String opType, List<String> inputs, Attr... attributes) {
		String output = opType.toLowerCase() + "_" + this.counter;
		op(opType, inputs, output, attributes);
		return output;
	}

	String op(String opType, String input, Attr... attributes) {
		return op(opType, List.of(input), attributes);
	}

	String op(String opType, String a, String b, Attr... attributes) {
		return op(opType, List.of(a, b), attributes);
	}

	void op(String opType, List<String> inputs, String output, Attr... attributes) {
		node(opType, inputs, List.of(output), attributes);
	}

	/** A node of several outputs; returns their names. */
	String[] ops(String opType, List<String> inputs, int outputs, Attr... attributes) {
		String[] names = new String[outputs];
		for (int i = 0; i < outputs; i++) {
			names[i] = opType.toLowerCase() + "_" + this.counter + "_" + i;
		}
		node(opType, inputs, List.of(names), attributes);
		return names;
	}

	/** A node of several named outputs. */
	void node(String opType, List<String> inputs, List<String> outputs, Attr... attributes) {
		NodeProto.Builder node = NodeProto.newBuilder()
			.setName(opType + "_" + this.counter++)
			.setOpType(opType)
			.addAllInput(inputs)
			.addAllOutput(outputs);
		for (Attr attribute : attributes) {
			node.addAttribute(attribute.proto());
		}
		this.graph.addNode(node);
	}

	String int64s(long... values) {
		String name = "const_" + this.counter++;
		TensorProto.Builder tensor = TensorProto.newBuilder()
			.setName(name)
			.setDataType(TensorProto.DataType.INT64.getNumber())
			.addDims(values.length);
		for (long value : values) {
			tensor.addInt64Data(value);
		}
		this.graph.addInitializer(tensor);
		return name;
	}

	String int64Scalar(long value) {
		String name = "const_" + this.counter++;
		this.graph.addInitializer(TensorProto.newBuilder()
			.setName(name)
			.setDataType(TensorProto.DataType.INT64.getNumber())
			.addInt64Data(value));
		return name;
	}

	String floatScalar(float value) {
		String name = "const_" + this.counter++;
		this.graph.addInitializer(TensorProto.newBuilder()
			.setName(name)
			.setDataType(TensorProto.DataType.FLOAT.getNumber())
			.addFloatData(value));
		return name;
	}

	String floats(String name, float[] values, long... dims) {
		byte[] raw = new byte[values.length * Float.BYTES];
		java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
		TensorProto.Builder tensor = TensorProto.newBuilder()
			.setName(name)
			.setDataType(TensorProto.DataType.FLOAT.getNumber())
			.setRawData(ByteString.copyFrom(raw));
		for (long dim : dims) {
			tensor.addDims(dim);
		}
		this.graph.addInitializer(tensor);
		return name;
	}

	/**
	 * The serialized model of a graph at an opset of the default domain: IR 8 up to opset
	 * 17, IR 11 (the IR of opset 23) above.
	 */
	static byte[] model(GraphProto.Builder graph, int opset) {
		return ModelProto.newBuilder()
			.setIrVersion((opset <= 17) ? 8 : 11)
			.setProducerName("elms")
			.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
			.setGraph(graph)
			.build()
			.toByteArray();
	}

	/**
	 * A graph input or output: name, element type and dimensions (a String is symbolic).
	 */
	static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
		TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
		for (Object dim : dims) {
			TensorShapeProto.Dimension.Builder dimension = TensorShapeProto.Dimension.newBuilder();
			if (dim instanceof String param) {
				dimension.setDimParam(param);
			}
			else {
				dimension.setDimValue(((Number) dim).longValue());
			}
			shape.addDim(dimension);
		}
		return ValueInfoProto.newBuilder()
			.setName(name)
			.setType(TypeProto.newBuilder()
				.setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape)))
			.build();
	}

	/** A node attribute. */
	record Attr(AttributeProto proto) {

		static Attr i(String name, long value) {
			return new Attr(AttributeProto.newBuilder()
				.setName(name)
				.setType(AttributeProto.AttributeType.INT)
				.setI(value)
				.build());
		}

		static Attr f(String name, float value) {
			return new Attr(AttributeProto.newBuilder()
				.setName(name)
				.setType(AttributeProto.AttributeType.FLOAT)
				.setF(value)
				.build());
		}

		static Attr ints(String name, long... values) {
			List<Long> list = new ArrayList<>();
			for (long value : values) {
				list.add(value);
			}
			return new Attr(AttributeProto.newBuilder()
				.setName(name)
				.setType(AttributeProto.AttributeType.INTS)
				.addAllInts(list)
				.build());
		}

	}

}
